"""A private Formation per test: its own redis-server, workers, beat and web.

Fault tests kill and stop processes, so none of them shares anything with the
rest of the suite.
"""

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.api import Api
from tests.processes import (
    BIN,
    ROOT,
    Process,
    start_redis,
    start_web,
    start_worker,
    wait_for,
)

FAULT_SETTINGS = {
    "FORMATION_STEP_SOFT_TIME_LIMIT": "4",
    "FORMATION_STEP_TIME_LIMIT": "8",
    "FORMATION_VISIBILITY_TIMEOUT": "12",
    "FORMATION_REDELIVERY_SWEEP": "1",
    "FORMATION_LEASE_SECONDS": "2",
    "FORMATION_REAPER_INTERVAL": "1",
}


def _install_test_providers(folder: Path) -> Path:
    """A dist-info folder declaring the test providers' entry points."""
    dist = folder / "formation_fault_providers-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: formation-fault-providers\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        "[formation.providers]\n"
        "stubborn_sleep = tests.faults.providers:Stubborn\n"
        "counted = tests.faults.providers:Counted\n"
        "fragile = tests.faults.providers:Fragile\n"
    )
    return folder


class Cluster:
    """One Formation: start its parts, break them, and stop everything at the end."""

    def __init__(self, folder: Path, overrides: dict[str, str], aof: bool) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        self.aof = aof
        self.redis_proc, self.redis_url = start_redis(folder, aof=aof)
        self.port = int(self.redis_url.split(":")[2].split("/")[0])
        paths = [str(_install_test_providers(folder / "site")), str(ROOT)]
        self.workspace = folder / "workspace"
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(paths),
            "REDIS_URL": self.redis_url,
            "FORMATION_WORKSPACE": str(self.workspace),
            **FAULT_SETTINGS,
            **overrides,
        }
        self.procs: list[Process] = []
        self.redis = redis.Redis.from_url(self.redis_url, decode_responses=True)

    def worker(self, concurrency: int = 1, **env: str) -> Process:
        log = self.folder / f"worker-{len(self.procs)}.log"
        proc = start_worker({**self.env, **env}, log, concurrency)
        self.procs.append(proc)
        return proc

    def beat(self) -> Process:
        args = [
            str(BIN / "celery"),
            "-A",
            "workers",
            "beat",
            "--loglevel=INFO",
            f"--schedule={self.folder / 'beat-schedule'}",
        ]
        proc = Process(args, self.env, self.folder / "beat.log")
        wait_for(lambda: "reaper running" in proc.output(), 30, "celery beat")
        self.procs.append(proc)
        return proc

    def web(self, **env: str) -> Api:
        log = self.folder / f"web-{len(self.procs)}.log"
        proc, url = start_web({**self.env, **env}, log)
        self.procs.append(proc)
        return Api(url, uuid.uuid4().hex)

    def stop_redis(self) -> None:
        self.redis_proc.send(signal.SIGTERM)
        self.redis_proc.proc.wait(10)
        self.redis_proc.stop()

    def start_redis(self) -> None:
        self.redis_proc, url = start_redis(self.folder, self.port, aof=self.aof)
        assert url == self.redis_url

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.redis.close()
        self.redis_proc.stop()


@pytest.fixture
def make_cluster(tmp_path: Path) -> Iterator[object]:
    made: list[Cluster] = []

    def make(aof: bool = False, **overrides: str) -> Cluster:
        cluster = Cluster(tmp_path / f"c{len(made)}", overrides, aof)
        made.append(cluster)
        return cluster

    yield make
    for cluster in made:
        cluster.stop()


def pool_children(worker: Process) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def wait_for_event(api: Api, stack: str, event_type: str, name: str) -> None:
    wait_for(
        lambda: any(
            e.get("resource_name") == name
            for e in api.events(stack, filter=f"event_type=={event_type}")
        ),
        30,
        f"{event_type} of {name}",
    )


def seconds_since(start: float) -> float:
    return time.monotonic() - start
