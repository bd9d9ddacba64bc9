"""The processes a benchmark run starts on loopback, and stops again.

Each child runs in a session of its own, so stopping it also stops what it
started (gunicorn's workers, celery's pool processes).
"""

from pathlib import Path

import requests

from tests.processes import BIN, ROOT, Process, free_port, start_redis, wait_for

__all__ = ["BIN", "ROOT", "Child", "start_redis", "start_web", "start_worker"]

GUNICORN_CONF = ROOT / "app" / "gunicorn_conf.py"


Child = Process


def start_web(app_spec: str, env: dict[str, str], log: Path) -> tuple[Child, str]:
    """gunicorn with Formation's own config file, serving ``app_spec``.

    Every server of a run uses this one function and config file, so the
    baselines and Formation get the same workers, threads and worker class.
    """
    port = free_port()
    env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
    args = [str(BIN / "gunicorn"), "--config", str(GUNICORN_CONF), app_spec]
    child = Child(args, env, log)
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: requests.get(url + "/healthz", timeout=1).ok, 30, app_spec)
    return child, url


def start_worker(
    app_module: str, env: dict[str, str], log: Path, concurrency: int, queue: str
) -> Child:
    """A celery worker with the Procfile's options and ``concurrency`` processes."""
    args = [
        str(BIN / "celery"),
        *("-A", app_module, "worker", "--loglevel=INFO", f"--queues={queue}"),
        f"--concurrency={concurrency}",
        "--pool=prefork",
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        f"--hostname=bench-{free_port()}@%h",
    ]
    child = Child(args, env, log)
    wait_for(lambda: " ready." in child.output(), 60, f"celery worker {app_module}")
    return child
