"""A local Formation for the load test: ``python bench/serve.py``.

Starts a private redis-server, gunicorn (Formation's config) and one celery
worker on loopback, prints the web URL and runs until Ctrl-C (or for
``--seconds``), then stops them all. Pass that URL to locust as ``--host``.
"""

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0, help="0: until Ctrl-C")
    parser.add_argument("--worker-processes", type=int, default=2)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    with tempfile.TemporaryDirectory(prefix="formation-serve-") as folder:
        redis_, url = processes.start_redis(Path(folder))
        env = {
            **os.environ,
            "REDIS_URL": url,
            "FORMATION_WORKSPACE": str(Path(folder) / "workspace"),
        }
        children = [redis_]
        try:
            web, web_url = processes.start_web(
                "app:create_app()", env, Path(folder) / "web.log"
            )
            children.append(web)
            children.append(
                processes.start_worker(
                    "workers",
                    env,
                    Path(folder) / "worker.log",
                    options.worker_processes,
                    "formation",
                )
            )
            print(f"Formation at {web_url} (logs in {folder}); Ctrl-C stops it")
            print(web_url, flush=True)
            _wait(options.seconds)
        except KeyboardInterrupt:
            pass
        finally:
            for child in reversed(children):
                child.stop()


def _wait(seconds: float) -> None:
    deadline = time.monotonic() + seconds if seconds else float("inf")
    while time.monotonic() < deadline:
        time.sleep(0.5)


if __name__ == "__main__":
    main()
