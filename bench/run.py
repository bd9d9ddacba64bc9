"""The benchmark, in one go: ``python bench/run.py`` (or ``make bench``).

Starts its own redis-server, gunicorn servers and celery workers on loopback
ports, measures four parts and prints each against a baseline measured in the
same run, then stops everything. About five minutes on two cores. Needs wrk
(``apt-get install -y wrk``). Results also go to var/bench/results.json and
the processes' logs to var/bench/logs/.
"""

import argparse
import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, machine, processes

OUT = processes.ROOT / "var" / "bench"


def main() -> None:
    options = _options()
    load.require_wrk()
    logs = OUT / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    started = time.monotonic()
    about = machine.describe()
    with tempfile.TemporaryDirectory(prefix="formation-bench-") as folder:
        redis_, url = processes.start_redis(Path(folder))
        try:
            lines, results = _run(options, url, redis_.pid, Path(folder), logs)
        finally:
            redis_.stop()
    header = [f"{k}: {v}" for k, v in about.items()]
    header.append(f"took {time.monotonic() - started:.0f}s")
    print("\n".join(["", *header, "", *lines]))
    (OUT / "results.json").write_text(
        json.dumps({"machine": about, **results}, indent=2)
    )


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="one admission run")
    parser.add_argument("--rounds", type=int, default=3, help="admission rounds")
    # A Formation run stops when its seeded stacks are used up: the pool
    # bounds the req/s a run can show (pool / seconds).
    parser.add_argument("--pool", type=int, default=15000, help="stacks per run")
    parser.add_argument("--repeat", type=int, default=200, help="event page requests")
    return parser.parse_args()


def _run(
    options: argparse.Namespace, url: str, redis_pid: int, folder: Path, logs: Path
) -> tuple[list[str], dict[str, object]]:
    # The worker modules read their settings from the environment when imported.
    os.environ["REDIS_URL"] = url
    os.environ["FORMATION_WORKSPACE"] = str(folder / "workspace")
    from bench import admission, events, memory, report, throughput

    env = dict(os.environ)
    plan = admission.Plan(options.seconds, 2, options.rounds, options.pool)
    _say("admission (no worker runs)")
    admitted = admission.measure(admission.Setup(url, redis_pid, env, logs), plan)
    # Start the rest on an empty Redis: the queued chains must not reach a worker.
    throughput.Api("", url).redis.flushall()

    web, web_url = processes.start_web("app:create_app()", env, logs / "web-api.log")
    try:
        api = throughput.Api(web_url, url)
        _say("events")
        paged = events.measure(api, 100_000, options.repeat)
        _say("worker chains")
        chains = throughput.chains(api, env, logs, 3)
        _say("idle stacks")
        worker = processes.start_worker(
            "workers", env, logs / "worker-idle.log", 2, "formation"
        )
        try:
            idle = memory.measure(api)
        finally:
            worker.stop()
        _say("time_sleep steps with 1, 2 and 4 processes")
        sleeping = throughput.waiting_steps(api, env, logs)
    finally:
        web.stop()

    targets = report.targets(admitted, chains, sleeping, paged)
    lines = [
        *report.admission(admitted, plan.seconds, plan.rounds, plan.pool),
        "",
        *report.workers(chains, sleeping),
        "",
        *report.events(paged),
        "",
        *report.memory(idle),
        "",
        *report.verdicts(targets),
    ]
    results = {
        "admission": {
            name: [dataclasses.asdict(run) for run in r.runs]
            for name, r in admitted.items()
        },
        "chains": dataclasses.asdict(chains),
        "time_sleep": sleeping,
        "events": dataclasses.asdict(paged),
        "idle_stack": dataclasses.asdict(idle),
        "targets": [dataclasses.asdict(t) for t in targets],
    }
    return lines, results


def _say(part: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {part}", flush=True)


if __name__ == "__main__":
    main()
