"""Keeps a step's lease alive while its provider call runs."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from formation.records import Deployment
from formation.store import Store

logger = logging.getLogger(__name__)


@contextmanager
def held_lease(store: Store, project: str, d: Deployment) -> Iterator[None]:
    """Renew the lease every third of its length until the block ends.

    The lease only tells the reaper this worker is alive; it protects nothing by
    itself. Writes are fenced by epoch, so a renewal that fails is logged and the
    step's final write will be refused.
    """
    stop = threading.Event()
    period = store.settings.lease_seconds / 3

    def renew() -> None:
        while not stop.wait(period):
            try:
                if not store.renew(project, d):
                    logger.warning("lease lost", extra={"deployment_id": d.id})
                    return
            except Exception:
                logger.warning("lease renewal failed", exc_info=True)

    thread = threading.Thread(target=renew, name=f"lease-{d.id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
