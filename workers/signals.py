"""Process start-up hooks: settings checks, the reaper's start pass and thread."""

import logging
import threading
from typing import Any

from celery.signals import (
    beat_init,
    celeryd_init,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_init,
    worker_ready,
)

from formation import logs, metrics
from workers import reaper, settings
from workers.celery_app import check_time_limits

logger = logging.getLogger(__name__)


@celeryd_init.connect
def refuse_unsafe_limits(**_: Any) -> None:
    check_time_limits(settings)


@worker_init.connect
def serve_worker_metrics(**_: Any) -> None:
    """The worker's main process serves what every pool child counted."""
    metrics.serve("FORMATION_METRICS_PORT")


@worker_ready.connect
def reap_at_start(**_: Any) -> None:
    """A worker that starts after a crash fails what the crash left behind."""
    threading.Thread(target=reaper.reap_once, name="reaper-start", daemon=True).start()


@beat_init.connect
def reap_in_beat(**_: Any) -> None:
    """The beat process reaps by itself, so reaping needs no live worker."""
    reaper.start_thread(settings.reaper_interval)
    logger.info(
        "reaper running every %gs in the beat process", settings.reaper_interval
    )


@beat_init.connect
def serve_beat_metrics(**_: Any) -> None:
    """Beat serves its reaper thread's numbers on a port of its own."""
    metrics.serve("FORMATION_BEAT_METRICS_PORT")


@setup_logging.connect
def json_logs(**_: Any) -> None:
    """Worker and beat log JSON lines, like the web process."""
    logs.configure()


@task_prerun.connect
def bind_task(task_id: str, task: Any, args: Any = (), **_: Any) -> None:
    logs.clear()
    fields = {"task_id": task_id, "task": task.name}
    if len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        fields.update(project=args[0], deployment_id=args[1])
    logs.bind(**fields)


@task_postrun.connect
def unbind_task(**_: Any) -> None:
    logs.clear()
