"""Drives a server with wrk and the ContinueDeployStack script.

wrk is C with an event loop: on one thread it sends thousands of requests a
second for a few percent of one core, so it leaves the two cores to the
servers under test (its CPU time is measured and reported with each run).
"""

import json
import os
import resource
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("continue.lua")
THREADS = 1
CONNECTIONS = 8  # gunicorn's 2 workers x 4 threads: every thread busy, none queued


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int
    client_cpu: float  # seconds of CPU wrk used, user + system
    server_cpu: float = 0.0  # seconds of CPU of the web processes under test
    redis_cpu: float = 0.0  # seconds of CPU of redis-server
    other_cpu: float = 0.0  # seconds of CPU of everything else on the machine
    tries: int = 1  # runs made to get one that used every web worker

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def cpu_ms(self, seconds: float) -> float:
        """``seconds`` of CPU per answered request, in milliseconds."""
        return 1000 * seconds / self.requests

    @property
    def client_share(self) -> float:
        """wrk's CPU as a share of one core over the run."""
        return self.client_cpu / self.seconds


def require_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(
            "wrk is needed for the admission part: apt-get install -y wrk (Debian)"
        )
    return found


def drive(url: str, project: str, prefix: str, count: int, seconds: float) -> Load:
    """Send up to ``count`` requests for at most ``seconds`` to ``url``."""
    env = {
        **os.environ,
        "BENCH_PROJECT": project,
        "BENCH_PREFIX": prefix,
        "BENCH_COUNT": str(count),
    }
    args = [
        require_wrk(),
        *(f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "10s"),
        *("-s", str(SCRIPT), url),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    found = json.loads(line.removeprefix("BENCH "))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Load(
        requests=found["requests"],
        seconds=found["duration_us"] / 1e6,
        p50_ms=found["p50_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
        bad_status=found["bad_status"],
        socket_errors=found["socket_errors"],
        client_cpu=cpu,
    )
