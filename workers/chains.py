"""The Celery chain that carries one deployment; built by the web tier."""

from celery import Celery, chain

from formation.store import Store
from workers.celery_app import TASK_FINALIZE, TASK_PREPARE, TASK_STEP, TASK_STEP_FAILED


def deployment_chain(
    app: Celery, project: str, deployment_id: str, steps: int, start: int = 0
) -> chain:
    """prepare, one step per resource, finalize; any failure runs the errback.

    Arguments are ids only: every task reads what it needs from Redis, so a
    redelivered message acts on the current state, never on a stale copy.
    ``start`` resumes a running deployment at that step (prepare is skipped).
    """
    args = (project, deployment_id)
    tasks = []
    if start == 0:
        tasks.append(app.signature(TASK_PREPARE, args=args, immutable=True))
    tasks += [
        app.signature(TASK_STEP, args=(*args, index), immutable=True)
        for index in range(start, steps)
    ]
    tasks.append(app.signature(TASK_FINALIZE, args=args, immutable=True))
    errback = app.signature(TASK_STEP_FAILED)
    return chain(*tasks).on_error(errback)


def enqueue(app: Celery, project: str, deployment_id: str, steps: int) -> None:
    """Publish the deployment's chain; raises when the broker cannot take it."""
    deployment_chain(app, project, deployment_id, steps).apply_async()


def publish(
    app: Celery, store: Store, project: str, deployment_id: str, steps: int
) -> None:
    """Publish the chain and note that it reached the broker.

    A deployment still QUEUED without that note after a grace period is
    published again by the reaper (a second chain is harmless: steps run once).
    """
    enqueue(app, project, deployment_id, steps)
    store.mark_enqueued(project, deployment_id)
