"""What workers and beat count: steps, final statuses, reaper actions, fencing.

Imported only after ``formation.metrics.use_group_folder`` (see ``workers``), so
every pool child writes its samples where the worker's main process sums them.
"""

import time
from collections import Counter as Tally

from prometheus_client import Counter, Histogram

STEP_SECONDS = Histogram(
    "formation_step_duration_seconds",
    "Time a step took, from its start to its recorded result, by resource type.",
    ["resource_type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
DEPLOYMENTS = Counter(
    "formation_deployments_total",
    "Deployments that reached a final status (COMPLETE or FAILED).",
    ["status"],
)
REAPER_ACTIONS = Counter(
    "formation_reaper_actions_total",
    "What the reaper did: lease (failed a lost step), queue (failed a deployment "
    "that waited too long), reset (freed a stack), publish (re-sent a chain).",
    ["action"],
)
FENCED_WRITES = Counter(
    "formation_step_fenced_writes_total",
    "Step writes refused because the deployment no longer holds the stack.",
)
REAPER_KINDS = ("lease", "queue", "reset", "publish", "resume")


def step_done(resource_type: str, started: float) -> None:
    """Record a step's duration, ``started`` being its ``time.monotonic()``."""
    STEP_SECONDS.labels(resource_type).observe(time.monotonic() - started)


def step_write(verdict: str) -> None:
    """Count a step write's verdict if it was refused by fencing."""
    if verdict == "fenced":
        FENCED_WRITES.inc()


def deployment_finished(verdict: str) -> None:
    """Count a completion by the finish (or remove) script's verdict."""
    if verdict == "ok":
        DEPLOYMENTS.labels("COMPLETE").inc()


def deployment_failed(verdict: str) -> None:
    """Count a failure by the fail script's verdict (see ``lua/prelude.lua``).

    'done' and 'missing' mean an earlier call already ended the deployment.
    """
    if verdict in ("failed", "rolling_back", "fenced"):
        DEPLOYMENTS.labels("FAILED").inc()


def reaper_acted(actions: Tally[str]) -> None:
    """Count one reaper pass's actions; a queue verdict failed a deployment."""
    for kind in REAPER_KINDS:
        if actions[kind]:
            REAPER_ACTIONS.labels(kind).inc(actions[kind])
    if actions["queue"]:
        DEPLOYMENTS.labels("FAILED").inc(actions["queue"])
