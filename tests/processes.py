"""Real processes for tests: redis-server, celery workers and gunicorn on loopback."""

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:
            last = exc
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what} (last error: {last!r})")


class Process:
    """A child process with its output in a log file; stopped on ``stop()``."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            args,
            env=env,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def children(self) -> list[int]:
        """Pids of the processes this one started (gunicorn or pool workers)."""
        found = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        with contextlib.suppress(OSError):
            return [int(p) for p in found.read_text().split()]
        return []

    def send(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        """Signal the process and every process it started (a whole worker)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def stop(self, timeout: float = 10) -> None:
        if self.proc.poll() is None:
            self.kill_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill_group(signal.SIGKILL)
                self.proc.wait()
        else:
            self.kill_group(signal.SIGKILL)
        self._log.close()


def start_redis(
    folder: Path, port: int | None = None, aof: bool = False
) -> tuple[Process, str]:
    port = port or free_port()
    args = [
        shutil.which("redis-server") or "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--dir",
        str(folder),
        "--appendonly",
        "yes" if aof else "no",
        "--maxmemory-policy",
        "noeviction",
    ]
    proc = Process(args, dict(os.environ), folder / f"redis-{port}.log")
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    wait_for(lambda: bool(client.ping()), 10, "redis-server")
    client.close()
    return proc, url


def start_worker(env: dict[str, str], log: Path, concurrency: int = 2) -> Process:
    args = [
        str(BIN / "celery"),
        "-A",
        "workers",
        "worker",
        "--loglevel=INFO",
        "--queues=formation",
        f"--concurrency={concurrency}",
        "--pool=prefork",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname=test-{free_port()}@%h",
    ]
    proc = Process(args, env, log)
    wait_for(lambda: " ready." in proc.output(), 30, "celery worker")
    return proc


def start_web(env: dict[str, str], log: Path, workers: int = 2) -> tuple[Process, str]:
    port = free_port()
    env = {**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    args = [
        str(BIN / "gunicorn"),
        "--config",
        "app/gunicorn_conf.py",
        "app:create_app()",
    ]
    proc = Process(args, env, log)
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: requests.get(url + "/healthz", timeout=1).ok, 30, "gunicorn")
    return proc, url


def _free_cluster_port() -> int:
    """A port whose cluster bus port (port + 10000) is free too, as Redis needs."""
    while True:
        port = random.randint(20000, 45000)
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port


def start_redis_cluster(folder: Path, primaries: int = 3) -> tuple[list[Process], str]:
    """A local Redis Cluster of ``primaries`` nodes on loopback; returns one URL."""
    procs, addresses = [], []
    for _ in range(primaries):
        port = _free_cluster_port()
        node = folder / f"node-{port}"
        node.mkdir()
        args = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(node),
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
        ]
        procs.append(Process(args, dict(os.environ), node / "redis.log"))
        addresses.append(f"127.0.0.1:{port}")
    for address in addresses:
        host, port = address.split(":")
        client = redis.Redis(host=host, port=int(port))
        wait_for(lambda c=client: bool(c.ping()), 10, "cluster node")
        client.close()
    subprocess.run(
        [
            shutil.which("redis-cli") or "redis-cli",
            "--cluster",
            "create",
            *addresses,
            "--cluster-replicas",
            "0",
            "--cluster-yes",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    url = f"redis://{addresses[0]}/0"
    first = redis.Redis.from_url(url, decode_responses=True)
    wait_for(
        lambda: "cluster_state:ok" in first.execute_command("CLUSTER", "INFO"),
        30,
        "cluster state ok",
    )
    first.close()
    return procs, url
