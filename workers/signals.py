"""Process start-up hooks: settings checks, the reaper's start pass and thread."""

import logging
import threading
from typing import Any

from celery.signals import beat_init, celeryd_init, worker_ready

from workers import reaper, settings
from workers.celery_app import check_time_limits

logger = logging.getLogger(__name__)


@celeryd_init.connect
def refuse_unsafe_limits(**_: Any) -> None:
    check_time_limits(settings)


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
