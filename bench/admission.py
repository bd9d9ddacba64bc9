"""Part 1: ContinueDeployStack admission against a hello-world and a naive server.

Every server runs under the same gunicorn command and config file. No celery
worker runs, so the chains published by the naive server and by Formation wait
in the broker. Every Formation request targets a seeded DEPLOYMENT_FAILED stack
of its own and must be answered 202.

The servers are measured in turns, several rounds, and each figure is the
median over the rounds: other work on the machine then weighs on every server
alike instead of on whichever ran when it happened.
"""

import dataclasses
import statistics
from dataclasses import dataclass
from pathlib import Path

import redis

from bench import cpu, load, processes, seed
from bench.load import Load

PROJECT = "benchproj"
# Counted but never refused: the rate limit's Lua script runs on every request,
# as in production, and no 429 cuts the run short. (Above about 80 million per
# 10 s, window / limit is below the float resolution of a millisecond clock and
# throttle.lua asks for a zero expiry: see BENCHMARKS.md.)
UNLIMITED = "1000000/10s"
NO_POOL = 10**8  # the baselines need no seeded stacks: the time bounds their run
SERVERS = {
    "hello": ("bench.baselines:hello_app()", {}),
    "naive": ("bench.baselines:naive_app()", {}),
    "formation": ("app:create_app()", {"FORMATION_RATE_LIMIT": UNLIMITED}),
    "formation, rate limit off": ("app:create_app()", {"FORMATION_RATE_LIMIT": "off"}),
}
FORMATIONS = ("formation", "formation, rate limit off")
MAX_TRIES = 6
BALANCED = 0.3  # the least share of web CPU a gunicorn worker must take


@dataclass(frozen=True)
class Setup:
    """Where a run's servers find Redis, and where their logs go."""

    redis_url: str
    redis_pid: int
    env: dict[str, str]
    logs: Path


@dataclass(frozen=True)
class Plan:
    seconds: float  # one timed run of one server
    warmup: float
    rounds: int
    pool: int  # seeded stacks per Formation run; the run stops when they are used


@dataclass(frozen=True)
class Result:
    """The median of a server's rounds, and every round."""

    runs: list[Load]

    def _median(self, pick: str) -> float:
        return statistics.median(getattr(r, pick) for r in self.runs)

    @property
    def rate(self) -> float:
        return statistics.median(r.rate for r in self.runs)

    @property
    def p50_ms(self) -> float:
        return self._median("p50_ms")

    @property
    def p99_ms(self) -> float:
        return self._median("p99_ms")

    def cpu_ms(self, which: str) -> float:
        """Median CPU per request of ``which`` (server, redis, client, other)."""
        return statistics.median(
            r.cpu_ms(getattr(r, f"{which}_cpu")) for r in self.runs
        )


def measure(setup: Setup, plan: Plan) -> dict[str, Result]:
    """Seed, start every server, warm each up, then time them in turns."""
    _seed(plan)
    servers = {
        name: _start(setup, tag, spec, env)
        for tag, (name, (spec, env)) in enumerate(SERVERS.items())
    }
    runs: dict[str, list[Load]] = {name: [] for name in servers}
    try:
        for name, (_, url) in servers.items():
            load.drive(url, PROJECT, _prefix(name, "warm"), plan.pool, plan.warmup)
        for turn in range(plan.rounds):
            # Each round starts one server later, so no server always runs
            # right after the same other one.
            names = list(servers)
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                web, url = servers[name]
                runs[name].append(_balanced(setup, name, web, url, turn, plan))
    finally:
        for web, _ in servers.values():
            web.stop()
    return {name: Result(found) for name, found in runs.items()}


def _prefix(server: str, run: str) -> str:
    """Stack names of one run of one server: a letter, then letters and digits."""
    return f"{run}s{list(SERVERS).index(server)}x"


def _seed(plan: Plan) -> None:
    margin = load.CONNECTIONS * 2
    for server in FORMATIONS:
        for run in ("warm", *(f"r{turn}t0" for turn in range(plan.rounds))):
            prefix = _prefix(server, run)
            seed.failed_stacks(PROJECT, prefix, plan.pool + margin)
            seed.check_failed(PROJECT, prefix, plan.pool)


def _start(
    setup: Setup, tag: int, spec: str, env: dict[str, str]
) -> tuple[processes.Child, str]:
    log = setup.logs / f"web-{tag}.log"
    return processes.start_web(spec, {**setup.env, **env}, log)


def _balanced(
    setup: Setup, name: str, web: processes.Child, url: str, turn: int, plan: Plan
) -> Load:
    """A timed run in which every gunicorn worker process took its share.

    gunicorn's gthread workers share one listening socket, and wrk opens its
    keep-alive connections all at once: often one worker accepts all of them
    and the other idles, which halves any server's req/s by chance. Such a
    run is dropped and made again (up to MAX_TRIES); ``tries`` records it.
    """
    for attempt in range(MAX_TRIES):
        prefix = _prefix(name, f"r{turn}t{attempt}")
        formation = name in FORMATIONS
        if formation and attempt:
            seed.failed_stacks(PROJECT, prefix, plan.pool + load.CONNECTIONS * 2)
        found, shares = _timed(setup, web, url, prefix, plan, formation)
        if formation:
            _check_admitted(setup.redis_url, prefix, found.requests)
        if min(shares) >= BALANCED:
            break
    return dataclasses.replace(found, tries=attempt + 1)


def _timed(
    setup: Setup,
    web: processes.Child,
    url: str,
    prefix: str,
    plan: Plan,
    formation: bool,
) -> tuple[Load, list[float]]:
    """One timed run, and each web worker's share of the web CPU it took.

    Records the CPU that the server's processes, redis-server and everything
    else on the machine used meanwhile, to show where a request's cost goes.
    Raises unless every answer was a 2xx.
    """
    workers = web.children()
    ours = [web.pid, *workers]
    before = [cpu.seconds([p]) for p in workers]
    totals = cpu.seconds(ours), cpu.seconds([setup.redis_pid]), cpu.machine_busy()
    pool = plan.pool if formation else NO_POOL
    found = load.drive(url, PROJECT, prefix, pool, plan.seconds)
    after = cpu.seconds(ours), cpu.seconds([setup.redis_pid]), cpu.machine_busy()
    each = [cpu.seconds([p]) - b for p, b in zip(workers, before, strict=True)]
    if found.bad_status or found.socket_errors:
        raise RuntimeError(f"{url}: {found.bad_status} answers were not 2xx")

    server, redis_, busy = (a - b for a, b in zip(after, totals, strict=True))
    other = max(0.0, busy - server - redis_ - found.client_cpu)
    shares = [x / max(sum(each), 1e-9) for x in each]
    found = dataclasses.replace(
        found, server_cpu=server, redis_cpu=redis_, other_cpu=other
    )
    return found, shares


def _check_admitted(url: str, prefix: str, answered: int) -> None:
    """Each 202 of the run left its stack DEPLOYMENT_IN_PROGRESS (no worker runs).

    Requests still in flight when wrk stopped were answered too, just not
    counted, and wrk builds (but never sends) one request when a thread starts:
    so look a little past ``answered``.
    """
    from formation import keys

    client = redis.Redis.from_url(url, decode_responses=True)
    pipe = client.pipeline(transaction=False)
    for index in range(1, answered + load.CONNECTIONS * 2):
        pipe.hget(keys.stack(PROJECT, seed.stack_name(prefix, index)), "status")
    statuses = pipe.execute()
    client.close()
    held = statuses.count("DEPLOYMENT_IN_PROGRESS")
    if held < answered:
        raise RuntimeError(f"{answered} answers were 202, but {held} stacks taken")


def profile(
    server: str, env: dict[str, str], logs: Path, raw: Path, seconds: float
) -> Path:
    """Drive one server under py-spy (bench/profile.py); returns the raw stacks."""
    from bench.profile import record

    spec, extra = SERVERS[server]
    pool = int(2000 * seconds)
    for run in ("warm", "prof"):
        seed.failed_stacks(PROJECT, _prefix(server, run), pool + load.CONNECTIONS * 2)
    web, url = processes.start_web(spec, {**env, **extra}, logs / "web.log")
    try:
        load.drive(url, PROJECT, _prefix(server, "warm"), pool, 2)
        spy = record(web.pid, seconds, raw)
        found = load.drive(url, PROJECT, _prefix(server, "prof"), pool, seconds)
        spy.wait()
        print(f"{found.requests} requests in {found.seconds:.1f}s under py-spy")
    finally:
        web.stop()
    return raw
