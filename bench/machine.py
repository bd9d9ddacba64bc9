"""What a result depends on: the machine, the versions, the code, the date."""

import datetime
import os
import platform
import subprocess
from importlib import metadata

from bench.processes import ROOT


def _first_line(args: list[str]) -> str:
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, cwd=ROOT, timeout=10
        )
    except OSError:
        return "(not found)"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0]
        if done.stdout or done.stderr
        else ""
    )


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def _memory_gib() -> float:
    with open("/proc/meminfo") as f:
        total_kib = int(f.readline().split()[1])
    return total_kib / 2**20


def describe() -> dict[str, str]:
    versions = {
        name: metadata.version(name)
        for name in ("celery", "kombu", "gunicorn", "flask", "marshmallow", "redis")
    }
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"])
    dirty = _first_line(["git", "status", "--porcelain"])
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": f"{_memory_gib():.1f} GiB",
        "python": platform.python_version(),
        "redis-server": _first_line(["redis-server", "--version"]).split(" sha=")[0],
        "wrk": _first_line(["wrk", "--version"]).split(" Copyright")[0],
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "code": commit + (" with uncommitted changes" if dirty else ""),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
