"""Profiles one part of the benchmark with py-spy: ``python bench/profile.py PART``.

PART is ``formation`` or ``naive`` (the admission load, sampling the gunicorn
workers) or ``steps`` (a 200-resource no-op stack, sampling the celery pool).
For the web parts only samples holding the GIL are kept (``--gil``): the
profile shows where Python spends CPU, which bounds req/s. For ``steps`` it is
wall time, since a chain's pace is set by the waits of one step after another.
Needs py-spy and root (or ptrace rights); prints the hottest functions and
leaves the raw stacks in var/bench/.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import processes
from bench.stacks import summarize

OUT = processes.ROOT / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=("formation", "naive", "steps"))
    parser.add_argument("--seconds", type=float, default=8)
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="formation-profile-") as folder:
        redis_, url = processes.start_redis(Path(folder))
        os.environ["REDIS_URL"] = url
        try:
            raw = _profile(options.part, options.seconds, Path(folder))
        finally:
            redis_.stop()
    print(summarize(raw))


def _profile(part: str, seconds: float, folder: Path) -> Path:
    raw = OUT / f"profile-{part}.txt"
    env = {**os.environ}
    if part == "steps":
        from bench import throughput

        return throughput.profile_steps(env, folder, raw, seconds)
    from bench import admission

    return admission.profile(part, env, folder, raw, seconds)


def record(
    pid: int, seconds: float, raw: Path, gil: bool = True
) -> subprocess.Popen[bytes]:
    """Start py-spy on ``pid`` and its children for ``seconds``.

    With ``gil`` only the thread holding the GIL is sampled: CPU, not waits.
    """
    args = [
        str(processes.BIN / "py-spy"),
        *("record", "--pid", str(pid), "--subprocesses", "--nonblocking"),
        *(["--gil"] if gil else []),
        *("--duration", f"{seconds:g}", "--rate", "250", "--format", "raw"),
        *("-o", str(raw)),
    ]
    spy = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return spy


if __name__ == "__main__":
    main()
