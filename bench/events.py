"""Part 3: ListStackEvents on a short and a long event stream, and their memory.

Events are written as Formation's ``append_event`` (formation/lua/prelude.lua)
writes them: XADD to the stack's stream with MAXLEN ~ retention and the same
fields in the same order (d, n, t, then type, msg, rt, rn, ik, iv, el), in the
pattern of real deployments of ten resources each.
"""

import statistics
import time
import uuid
from dataclasses import dataclass

from bench.admission import PROJECT
from bench.throughput import Api

SHORT, LONG = 100, 100_000
PAGE = 100
RESOURCES_PER_DEPLOYMENT = 10


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p99_ms: float
    events: int  # events in the page answered


@dataclass(frozen=True)
class Events:
    short_first: Timing
    long_first: Timing
    long_middle: Timing
    long_filtered: Timing  # a filter no event matches: the whole stream is read
    stream_bytes_per_event: float  # MEMORY USAGE of the stream / XLEN
    used_bytes_per_event: float  # INFO used_memory growth / events written


def deployment_events(deployment_id: str, t: int) -> list[dict]:
    """The entries of one deployment of ten terraform_data resources."""
    entries = [
        {"type": "LOG", "msg": "Deployment accepted and queued"},
        {"type": "LOG", "msg": f"Applying {RESOURCES_PER_DEPLOYMENT} resources"},
    ]
    for i in range(RESOURCES_PER_DEPLOYMENT):
        address, rid = f"terraform_data.item{i}", str(uuid.uuid4())
        base = {"rt": "terraform_data", "rn": f"item{i}"}
        entries.append(
            {"type": "CREATION_IN_PROGRESS", "msg": f"{address}: Creating...", **base}
        )
        done = f"{address}: Creation complete after 0s [id={rid}]"
        entries.append(
            {"type": "CREATION_COMPLETE", "msg": done, **base, "ik": "id", "iv": rid}
            | {"el": "0"}
        )
    summary = "Apply complete! Resources: 10 added, 0 changed, 0 destroyed."
    entries.append({"type": "SUMMARY", "msg": summary})
    return [
        {"d": deployment_id, "n": str(n), "t": str(t), **entry}
        for n, entry in enumerate(entries, start=1)
    ]


def write(api: Api, stack_name: str, count: int, retention: int) -> list[str]:
    """Append ``count`` events; returns their stream ids, oldest first."""
    from formation import keys

    key = keys.events(PROJECT, stack_name)
    written: list[str] = []
    while len(written) < count:
        deployment_id = str(uuid.uuid4())
        now = int(time.time() * 1000)
        entries = deployment_events(deployment_id, now)[: count - len(written)]
        pipe = api.redis.pipeline(transaction=False)
        for entry in entries:
            pipe.xadd(key, entry, maxlen=retention, approximate=True)
        written += pipe.execute()
    return written


def measure(api: Api, retention: int, repeat: int) -> Events:
    from app.views import encode_marker
    from formation import keys

    for name in ("evshort", "evlong"):
        api.create(name)
    write(api, "evshort", SHORT, retention)
    before = int(api.redis.info("memory")["used_memory"])
    written = write(api, "evlong", LONG, retention)
    grown = int(api.redis.info("memory")["used_memory"]) - before
    stream = int(api.redis.memory_usage(keys.events(PROJECT, "evlong"), samples=0))

    # The marker of the page that ends just before the middle entry.
    marker = encode_marker("events", written[LONG // 2 + 1])
    pages = {
        "short_first": ("evshort", {}),
        "long_first": ("evlong", {}),
        "long_middle": ("evlong", {"marker": marker}),
    }
    timed = {k: _time(api, name, q, repeat) for k, (name, q) in pages.items()}
    filtered = _time(
        api, "evlong", {"filter": "event_type==ERROR"}, max(3, repeat // 40)
    )
    return Events(
        **timed,
        long_filtered=filtered,
        stream_bytes_per_event=stream / LONG,
        used_bytes_per_event=grown / LONG,
    )


def _time(api: Api, stack_name: str, query: dict[str, str], repeat: int) -> Timing:
    """Wall time of ``repeat`` sequential requests (after a few untimed ones)."""
    url = f"{api.url}/{stack_name}/events"
    params = {"limit": str(PAGE), **query}
    headers = api.headers()
    times, answered = [], 0
    for i in range(repeat + 5):
        started = time.perf_counter()
        answer = api.http.get(url, params=params, headers=headers)
        elapsed = time.perf_counter() - started
        answer.raise_for_status()
        answered = len(answer.json()["stack_events"])
        if i >= 5:
            times.append(elapsed * 1000)
    times.sort()
    return Timing(
        median_ms=statistics.median(times),
        p99_ms=times[min(len(times) - 1, int(len(times) * 0.99))],
        events=answered,
    )
