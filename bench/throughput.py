"""Part 2: how fast workers carry deployments.

- steps/s of one 200-resource stack of no-op resources (``terraform_data``)
  against a bare Celery chain of 200 no-op tasks, same settings and options;
- steps/s on steps that wait (``time_sleep``), with 1, 2 and 4 pool processes,
  several stacks at once so that there is work for every process.
"""

import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import redis
import requests

from bench import processes
from bench.admission import PROJECT

NOOP_STEPS = 200
SLEEP_STACKS, SLEEP_STEPS, SLEEP = 8, 4, "500ms"
PROCESS_COUNTS = (1, 2, 4)


def noop_template(count: int) -> str:
    return "".join(
        f'resource "terraform_data" "r{i}" {{\n  input = "{i}"\n}}\n'
        for i in range(count)
    )


def sleep_template(count: int) -> str:
    return "".join(
        f'resource "time_sleep" "s{i}" {{\n  create_duration = "{SLEEP}"\n}}\n'
        for i in range(count)
    )


@dataclass(frozen=True)
class Chains:
    formation: list[float]  # steps/s of each run
    bare: list[float]

    @property
    def formation_rate(self) -> float:
        return statistics.median(self.formation)

    @property
    def bare_rate(self) -> float:
        return statistics.median(self.bare)

    @property
    def overhead(self) -> float:
        """Time per Formation step over time per bare task."""
        return self.bare_rate / self.formation_rate


class Api:
    """The few Formation calls the benchmark makes, over one HTTP session."""

    def __init__(self, url: str, redis_url: str) -> None:
        self.url = f"{url}/v1/{PROJECT}/stacks"
        self.http = requests.Session()
        self.redis = redis.Redis.from_url(redis_url, decode_responses=True)

    def create(self, name: str, template: str = "") -> str:
        """CreateStack; returns the first deployment's id ('' without a template)."""
        body = {"stack_name": name}
        if template:
            body["template_body"] = template
        answer = self.http.post(self.url, json=body, headers=self.headers())
        answer.raise_for_status()
        return str(answer.json().get("deployment_id", ""))

    def headers(self) -> dict[str, str]:
        return {"Client-Request-Id": str(uuid.uuid4())}

    def wait_complete(self, deployment_ids: list[str], timeout: float) -> list[dict]:
        """The deployments' records once every one is COMPLETE."""
        from formation import keys

        def records() -> list[dict]:
            return [
                self.redis.hgetall(keys.deployment(PROJECT, d)) for d in deployment_ids
            ]

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = records()
            failed = [r for r in found if r.get("status") == "FAILED"]
            if failed:
                raise RuntimeError(f"a deployment failed: {failed[0].get('reason')}")
            if all(r.get("status") == "COMPLETE" for r in found):
                return found
            time.sleep(0.1)
        raise TimeoutError(f"deployments not complete after {timeout:g}s")


def chains(api: Api, env: dict[str, str], logs: Path, rounds: int) -> Chains:
    """Both chains in turns, ``rounds`` times, with a worker of each kind running."""
    from bench import bare

    workers = [
        processes.start_worker(
            "workers", env, logs / "worker-noop.log", 2, "formation"
        ),
        processes.start_worker(
            "bench.bare", env, logs / "worker-bare.log", 2, bare.QUEUE
        ),
    ]
    formation, baseline = [], []
    try:
        template = noop_template(NOOP_STEPS)
        _bare_rate(api, "warm")  # first runs load templates and modules: untimed
        _formation_rate(api, "noopwarm", template)
        for turn in range(rounds):
            baseline.append(_bare_rate(api, f"run{turn}"))
            formation.append(_formation_rate(api, f"noop{turn}", template))
    finally:
        for worker in workers:
            worker.stop()
    return Chains(formation, baseline)


def _bare_rate(api: Api, run: str) -> float:
    from bench import bare

    bare.bare_chain(run, NOOP_STEPS).apply_async()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        marks = api.redis.hgetall(bare.marks_key(run))
        if "end" in marks:
            return NOOP_STEPS * 1000 / (int(marks["end"]) - int(marks["start"]))
        time.sleep(0.1)
    raise TimeoutError("the bare chain did not finish")


def _formation_rate(api: Api, name: str, template: str) -> float:
    (record,) = api.wait_complete([api.create(name, template)], 300)
    return NOOP_STEPS * 1000 / (int(record["finished_at"]) - int(record["started_at"]))


def waiting_steps(api: Api, env: dict[str, str], logs: Path) -> dict[int, float]:
    """steps/s of time_sleep stacks for each pool size in PROCESS_COUNTS."""
    rates = {}
    template = sleep_template(SLEEP_STEPS)
    for count in PROCESS_COUNTS:
        log = logs / f"worker-sleep-{count}.log"
        worker = processes.start_worker("workers", env, log, count, "formation")
        try:
            ids = [
                api.create(f"sleep{count}x{i}", template) for i in range(SLEEP_STACKS)
            ]
            records = api.wait_complete(ids, 120)
        finally:
            worker.stop()
        start = min(int(r["started_at"]) for r in records)
        end = max(int(r["finished_at"]) for r in records)
        rates[count] = SLEEP_STACKS * SLEEP_STEPS * 1000 / (end - start)
    return rates


def profile_steps(env: dict[str, str], logs: Path, raw: Path, seconds: float) -> Path:
    """200-step stacks one after another under py-spy (bench/profile.py).

    Samples wall time, not only time holding the GIL: a step mostly waits for
    Redis, and the profile should show on what. Prints the Redis commands per
    step, from INFO commandstats.
    """
    from bench.profile import record

    web, url = processes.start_web("app:create_app()", env, logs / "web.log")
    worker = processes.start_worker("workers", env, logs / "worker.log", 2, "formation")
    try:
        api = Api(url, env["REDIS_URL"])
        template = noop_template(NOOP_STEPS)
        _formation_rate(api, "noopwarm", template)
        api.redis.config_resetstat()
        spy = record(worker.pid, seconds, raw, gil=False)
        deadline, done = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            _formation_rate(api, f"noop{done}", template)
            done += 1
        spy.wait()
        _print_commands(api, done * NOOP_STEPS)
    finally:
        worker.stop()
        web.stop()
    return raw


def _print_commands(api: Api, steps: int) -> None:
    stats = api.redis.info("commandstats")
    calls = {k.removeprefix("cmdstat_"): v["calls"] for k, v in stats.items()}
    print(f"Redis commands per step over {steps} steps (top level and inside scripts):")
    for name, count in sorted(calls.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {name:<14} {count / steps:6.2f}")
