"""Prometheus plumbing shared by web, worker and beat process groups.

Web and worker are groups of forked processes, so metrics use prometheus_client's
multiprocess mode: each process writes its samples to files in the group's
folder, and the one process that serves ``/metrics`` (or the metrics port) sums
them. ``PROMETHEUS_MULTIPROC_DIR`` must be set before prometheus_client is first
imported, which is why nothing here imports it at module level.
"""

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prometheus_client.registry import Collector, CollectorRegistry

logger = logging.getLogger(__name__)

DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# The pid of the group leader that made the folder; its direct children share it.
OWNER_VARIABLE = "FORMATION_METRICS_OWNER"

_folder: Path | None = None


def use_group_folder(group: str, *, leader: bool = False) -> Path:
    """Point this process at its group's metrics folder; idempotent per process.

    Sets ``PROMETHEUS_MULTIPROC_DIR``. A ``leader`` (the gunicorn master) always
    makes a fresh folder and names itself its owner, so the workers it forks share
    it. Any other process shares the folder it inherited only from such an owner
    (its parent); else it makes a fresh folder of its own, so a folder exported by
    a shell or by an unrelated parent is never mixed into this group's numbers.
    The process that made a folder removes it when it exits.
    """
    global _folder
    if _folder is not None:
        return _folder
    found = os.environ.get(DIR_VARIABLE, "")
    if found and not leader and os.environ.get(OWNER_VARIABLE) == str(os.getppid()):
        _folder = Path(found)
        return _folder

    _folder = Path(tempfile.mkdtemp(prefix=f"formation-{group}-metrics-"))
    os.environ[DIR_VARIABLE] = str(_folder)
    if leader:
        os.environ[OWNER_VARIABLE] = str(os.getpid())
    else:
        os.environ.pop(OWNER_VARIABLE, None)
    atexit.register(_remove, _folder, os.getpid())
    return _folder


def _remove(folder: Path, leader: int) -> None:
    # Forked children inherit this hook; only the leader may remove the folder.
    if os.getpid() == leader:
        shutil.rmtree(folder, ignore_errors=True)


def registry(*collectors: "Collector") -> "CollectorRegistry":
    """A registry summing every process of the group, plus ``collectors``."""
    from prometheus_client import CollectorRegistry, multiprocess

    found = CollectorRegistry()
    # prometheus_client leaves these two helpers unannotated.
    multiprocess.MultiProcessCollector(found)  # type: ignore[no-untyped-call]
    for collector in collectors:
        found.register(collector)
    return found


def serve(port_variable: str) -> None:
    """Serve the group's metrics on the port named by ``port_variable``, if set.

    Listens on ``FORMATION_METRICS_HOST`` (127.0.0.1 unless set) in a daemon
    thread of the calling process; an unset or empty port serves nothing.
    """
    port = os.environ.get(port_variable, "").strip()
    if not port:
        return
    from prometheus_client import start_http_server

    host = os.environ.get("FORMATION_METRICS_HOST", "127.0.0.1")
    start_http_server(int(port), addr=host, registry=registry())
    logger.info("metrics served on %s:%s", host, port)


def mark_dead(pid: int) -> None:
    """Forget a dead process's live gauges (its counters keep counting)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
