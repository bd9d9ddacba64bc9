"""Running a resource's ``local-exec`` provisioners on the worker's machine.

Commands from templates run only when the operator enables them
(FORMATION_ALLOW_LOCAL_EXEC); the web refuses such templates otherwise.
"""

import logging
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from formation.providers import ConfigError, ProviderError
from formation.providers.workspace import ensure_inside, relative_path

logger = logging.getLogger(__name__)

SHELL = ["/bin/sh", "-c"]
SHOWN = 2000  # characters of output an event may quote


def run_local_exec(config: Mapping[str, Any], workspace: Path) -> str:
    """Run one rendered local-exec block in the workspace; return its output.

    Raises ProviderError, quoting the end of the output, when the command
    cannot start or exits non-zero. A step's soft time limit interrupts the
    wait and kills the command.
    """
    folder = _working_dir(config.get("working_dir") or ".", workspace)
    environment = {**os.environ, **(config.get("environment") or {})}
    command = [*(config.get("interpreter") or SHELL), config["command"]]
    try:
        done = subprocess.run(
            command,
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise ProviderError(f"local-exec could not start: {exc}") from exc
    output = (done.stdout + done.stderr).strip()
    if not config.get("quiet"):
        logger.info("local-exec output: %s", output[-SHOWN:])
    if done.returncode != 0:
        raise ProviderError(
            f"local-exec exited with status {done.returncode}: {output[-SHOWN:]}"
        )
    return output


def _working_dir(value: str, workspace: Path) -> Path:
    workspace.mkdir(parents=True, exist_ok=True)
    if value in (".", ""):
        return workspace
    try:
        relative = relative_path(value, "working_dir")
    except ConfigError as exc:
        raise ProviderError(str(exc)) from exc
    folder = workspace / relative
    ensure_inside(folder, workspace, relative)
    return folder
