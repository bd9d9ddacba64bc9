"""Scale: 2 web and 3 worker processes on one Redis, 200 stacks failed and continued.

While it runs, a sampler reads every live deployment and its stack's holder in
one MULTI snapshot; afterwards each stack's event log shows its deployments one
after another and every resource created exactly once.
"""

import json
import os
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from formation import keys
from tests.api import Api
from tests.conftest import TEST_SETTINGS
from tests.processes import ROOT, Process, start_redis, start_web, start_worker

pytestmark = pytest.mark.slow

STACKS = 200
TEMPLATE = """
resource "random_id" "first" {
  byte_length = 4
}

resource "random_string" "second" {
  length = 8
}

resource "local_file" "report" {
  filename = "out/report.txt"
  content  = "${random_id.first.hex}-${random_string.second.result}"
}
"""
LIVE = ("QUEUED", "RUNNING")


class Formation:
    """2 gunicorn (one worker each) and 3 celery workers (one child each)."""

    def __init__(self, folder: Path) -> None:
        self.redis_proc, url = start_redis(folder)
        self.workspace = folder / "workspace"
        env = {
            **TEST_SETTINGS,
            "PYTHONPATH": str(ROOT),
            "REDIS_URL": url,
            "FORMATION_WORKSPACE": str(self.workspace),
            "FORMATION_RATE_LIMIT": "off",
            # Nothing reaps here (no beat); a long lease keeps a slow step alive.
            "FORMATION_LEASE_SECONDS": "30",
        }
        env = {**os.environ, **env}
        self.procs: list[Process] = []
        for n in range(3):
            self.procs.append(start_worker(env, folder / f"worker-{n}.log", 1))
        self.urls = []
        for n in range(2):
            proc, web_url = start_web(env, folder / f"web-{n}.log", workers=1)
            self.procs.append(proc)
            self.urls.append(web_url)
        self.redis = redis.Redis.from_url(url, decode_responses=True)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.redis.close()
        self.redis_proc.stop()


@pytest.fixture
def formation(tmp_path: Path) -> Iterator[Formation]:
    found = Formation(tmp_path)
    yield found
    found.stop()


class Sampler(threading.Thread):
    """Checks, snapshot after snapshot, that each stack has one live deployment."""

    def __init__(self, client: redis.Redis, project: str, names: list[str]) -> None:
        super().__init__(daemon=True)
        self.client, self.project, self.names = client, project, names
        self.stop = threading.Event()
        self.snapshots = 0
        self.judged = 0
        self.problems: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            time.sleep(0.02)

    def sample(self) -> None:
        # Records and holders come from one MULTI, so they are one instant's
        # state; a deployment admitted after the ZRANGE is simply not judged.
        active = self.client.zrange(keys.active(self.project), 0, -1)
        pipe = self.client.pipeline(transaction=True)
        for did in active:
            pipe.hmget(keys.deployment(self.project, did), "stack_name", "status")
        for name in self.names:
            pipe.hget(keys.stack(self.project, name), "holder")
        found = pipe.execute()
        holders = dict(zip(self.names, found[len(active) :], strict=True))
        self.check(active, found[: len(active)], holders)

    def check(
        self, active: list[str], rows: list[list[str]], holders: dict[str, str]
    ) -> None:
        self.snapshots += 1
        by_stack: dict[str, list[str]] = defaultdict(list)
        for did, (name, status) in zip(active, rows, strict=True):
            if status in LIVE:
                by_stack[name].append(did)
        self.judged += len(by_stack)
        for name, dids in by_stack.items():
            if len(dids) > 1 or holders.get(name) != dids[0]:
                self.problems.append(f"{name}: live {dids}, holder {holders.get(name)}")


def _statuses(client: redis.Redis, project: str, names: list[str]) -> list[str]:
    pipe = client.pipeline(transaction=False)
    for name in names:
        pipe.hget(keys.stack(project, name), "status")
    return [str(s) for s in pipe.execute()]


def _wait_all(
    client: redis.Redis, project: str, names: list[str], wanted: str, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = Counter(_statuses(client, project, names))
        if found[wanted] == len(names):
            return
        time.sleep(0.2)
    raise AssertionError(f"not all {wanted} after {timeout}s: {found}")


def _in_parallel(names: list[str], call: Callable[[int, str], int]) -> list[int]:
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(call, range(len(names)), names))


def _ids(client: redis.Redis, project: str, name: str) -> dict[str, str]:
    found = client.hgetall(keys.resources(project, name))
    return {address: json.loads(r)["id"] for address, r in found.items()}


def _event_log(client: redis.Redis, project: str, name: str) -> list[dict[str, str]]:
    return [fields for _, fields in client.xrange(keys.events(project, name))]


def _check_event_log(events: list[dict[str, str]], name: str) -> None:
    """Deployments' events never interleave; each resource is created once."""
    order = [e["d"] for e in events]
    blocks = [d for i, d in enumerate(order) if i == 0 or order[i - 1] != d]
    assert len(blocks) == len(set(blocks)), f"{name}: interleaved {blocks}"
    assert len(blocks) == 2, f"{name}: expected the failed and the continued one"
    created = Counter(e["rn"] for e in events if e["type"] == "CREATION_COMPLETE")
    assert created == {"first": 1, "second": 1, "report": 1}, (name, created)


def test_two_hundred_stacks_fail_and_continue_concurrently_without_overlap(
    formation: Formation,
) -> None:
    started = time.monotonic()
    project = uuid.uuid4().hex
    apis = [Api(url, project) for url in formation.urls]
    names = [f"scale-{n:03d}" for n in range(STACKS)]
    client = formation.redis
    for name in names:
        folder = formation.workspace / project / name
        folder.mkdir(parents=True)
        (folder / "out").write_text("a plain file where local_file needs a folder")
    sampler = Sampler(client, project, names)
    sampler.start()

    def create(n: int, name: str) -> int:
        return apis[n % 2].create(name, TEMPLATE).status_code

    assert set(_in_parallel(names, create)) == {201}
    _wait_all(client, project, names, "DEPLOYMENT_FAILED", timeout=120)
    kept = {name: _ids(client, project, name) for name in names}

    def continue_(n: int, name: str) -> int:
        (formation.workspace / project / name / "out").unlink()
        return apis[(n + 1) % 2].continue_(name).status_code

    assert set(_in_parallel(names, continue_)) == {202}
    _wait_all(client, project, names, "DEPLOYMENT_COMPLETE", timeout=120)
    sampler.stop.set()
    sampler.join()

    assert sampler.problems == [], sampler.problems[:5]
    # The sampler saw live deployments, not just an idle Redis.
    assert sampler.snapshots > 10 and sampler.judged > STACKS
    assert client.zcard(keys.active(project)) == 0
    for name in names:
        _check_event_log(_event_log(client, project, name), name)
        after = _ids(client, project, name)
        for address in ("random_id.first", "random_string.second"):
            assert after[address] == kept[name][address], (name, address)
    elapsed = time.monotonic() - started
    print(f"scale: {STACKS} stacks in {elapsed:.1f}s, {sampler.snapshots} snapshots")
