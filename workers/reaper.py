"""The reaper: fails deployments whose worker died or that waited too long.

It runs in the beat process (a thread, so it works when every worker is dead),
as a periodic task on the workers, and once when a worker starts. Every pass is
safe to run concurrently with another: each verdict is one Lua script, and
failing a deployment twice changes nothing. Deadlines are Redis time and TTLs.
"""

import logging
import threading
from collections import Counter

from formation import keys
from formation.records import IN_PROGRESS
from workers import chains, metrics, runtime, steps

logger = logging.getLogger(__name__)


def reap_once() -> Counter[str]:
    """One pass over every project; returns how many of each action it took."""
    store = runtime.store()
    actions: Counter[str] = Counter()
    queue_empty = _queue_empty()
    for project in map(str, store.redis.sscan_iter(keys.projects())):
        for deployment_id in store.redis.zrange(keys.active(project), 0, -1):
            actions[_judge(project, str(deployment_id), queue_empty)] += 1
        actions["reset"] += _repair_stacks(project)
    metrics.reaper_acted(actions)
    for action in ("lease", "queue", "reset", "publish", "resume"):
        if actions[action]:
            logger.warning("reaper acted: %s x%d", action, actions[action])
    return actions


def _queue_empty() -> bool:
    """True when no message waits in the broker's queue.

    A deployment that has not moved for a visibility timeout has lost its
    next message only if that message is not simply waiting behind others:
    resending into a backlog would only pile up copies.
    """
    try:
        return runtime.chains().waiting(runtime.store().redis) == 0
    except Exception:
        logger.warning("broker queue length unknown", exc_info=True)
        return False


def _judge(project: str, deployment_id: str, queue_empty: bool) -> str:
    verdict, claimed = runtime.store().reap(project, deployment_id, queue_empty)
    if verdict not in ("lease", "publish", "resume"):
        return verdict
    d = runtime.store().deployment(project, deployment_id)
    if d is None or d.final:
        return "gone"
    if verdict == "resume":
        # Running, but no step started for longer than a lost message takes to
        # come back: the next task's message was lost. A copy is harmless.
        runtime.chains().publish(chains.at(project, d.id, int(claimed), len(d.steps)))
        return "resume"
    if verdict == "publish":
        # Admitted, but no first task is known to have reached the broker (the
        # web process died before publishing, or a rollback's publish failed),
        # or it did and was lost there (the queue is empty, and no worker has
        # started it for a visibility timeout).
        runtime.chains().publish(chains.prepare(project, d.id))
        runtime.store().mark_enqueued(project, d.id)
        return "publish"
    address = d.steps[int(claimed)]
    lease = runtime.settings.lease_seconds
    reason = (
        f"{address}: the worker running this step stopped renewing its "
        f"{lease:g}s lease (the worker was lost or stalled)"
    )
    steps.fail_deployment(project, d, reason, address=address)
    return "lease"


def _repair_stacks(project: str) -> int:
    store = runtime.store()
    names = [str(n) for n in store.redis.zrange(keys.stack_names(project), 0, -1)]
    pipe = store.redis.pipeline(transaction=False)
    for name in names:
        pipe.hmget(keys.stack(project, name), "status", "deployment")
    reset = 0
    for name, (status, deployment_id) in zip(names, pipe.execute(), strict=True):
        if status in IN_PROGRESS:
            reset += store.repair(project, name, deployment_id or "") == "reset"
    return reset


def run_forever(interval: float, stop: threading.Event) -> None:
    """Reap every ``interval`` seconds until ``stop`` is set; never dies of an error."""
    while not stop.is_set():
        try:
            reap_once()
        except Exception:
            logger.exception("reaper pass failed")
        stop.wait(interval)


def start_thread(interval: float) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(interval, stop), name="reaper", daemon=True
    )
    thread.start()
    return stop
