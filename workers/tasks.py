"""Celery tasks: thin wrappers with stable names around ``workers.steps``."""

import logging
from typing import Any

from billiard.exceptions import WorkerLostError
from celery.exceptions import TimeLimitExceeded

from workers import app, reaper, runtime, steps
from workers.celery_app import (
    TASK_FINALIZE,
    TASK_PREPARE,
    TASK_REAP,
    TASK_STEP,
    TASK_STEP_FAILED,
)

logger = logging.getLogger(__name__)


@app.task(name=TASK_PREPARE)
def prepare(project: str, deployment_id: str) -> None:
    steps.prepare(project, deployment_id)


@app.task(name=TASK_STEP)
def step(project: str, deployment_id: str, index: int) -> None:
    steps.step(project, deployment_id, index)


@app.task(name=TASK_FINALIZE)
def finalize(project: str, deployment_id: str) -> None:
    steps.finalize(project, deployment_id)


@app.task(name=TASK_STEP_FAILED)
def step_failed(request: Any, exc: BaseException, traceback: Any) -> None:
    """Errback of every task in a deployment's chain.

    Celery runs it inline in whichever process records the failure: the pool
    parent for a hard time limit or a lost child (where it may run twice), the
    child for an uncaught exception. ``fail_deployment`` makes that harmless.
    """
    project, deployment_id = request.args[0], request.args[1]
    d = runtime.store().deployment(project, deployment_id)
    if d is None or d.final:
        return
    address = d.steps[int(d.claimed)] if d.claimed != "" else ""
    where = address or "the deployment"
    limit = runtime.settings.step_time_limit
    if isinstance(exc, TimeLimitExceeded):
        reason = f"{where}: step was stopped at its hard time limit of {limit:g}s"
    elif isinstance(exc, WorkerLostError):
        reason = f"{where}: the worker process running the step was lost ({exc})"
    else:
        reason = f"{where}: {type(exc).__name__}: {exc}"
    steps.fail_deployment(project, d, reason, address=address)


@app.task(name=TASK_REAP, acks_late=False)
def reap() -> None:
    reaper.reap_once()
