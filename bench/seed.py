"""Stacks for the admission run, in the state Formation itself leaves them.

Each stack is written by Formation's ``create`` script (a stack with a first
deployment, as CreateStack writes it) and then failed by the worker's own
``fail_deployment``, as when its one resource's provider call fails. So every
seeded stack is ``DEPLOYMENT_FAILED``, free, and a ContinueDeployStack on it is
a real admission answered 202.
"""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

FAILING_TEMPLATE = """\
resource "local_file" "report" {
  filename = "blocked/report.txt"
  content  = "report"
}
"""
ADDRESS = "local_file.report"
REASON = (
    f"{ADDRESS}: cannot write blocked/report.txt: "
    "a plain file named blocked is in the way"
)


def stack_name(prefix: str, index: int) -> str:
    """The name bench/continue.lua sends for request ``index`` (from 1)."""
    return f"{prefix}{index:07d}"


def stack_id(index: int) -> str:
    return f"00000000-0000-4000-8000-{index:012d}"


def failed_stacks(project: str, prefix: str, count: int) -> None:
    """Create stacks 1..count of ``prefix`` and fail their first deployment.

    Needs REDIS_URL in the environment: the worker modules read it on import.
    """
    with ThreadPoolExecutor(8) as pool:
        for _ in pool.map(lambda i: _failed_stack(project, prefix, i), range(count)):
            pass


def _failed_stack(project: str, prefix: str, index: int) -> None:
    from workers import runtime, steps

    store = runtime.store()
    name, deployment_id = stack_name(prefix, index + 1), str(uuid.uuid4())
    request_id = f"seed-{uuid.uuid4()}"
    outcome = store.create_stack(
        project,
        name,
        stack_id=stack_id(index + 1),
        deployment_id=deployment_id,
        fields={"template": FAILING_TEMPLATE, "vars_body": "", "vars_structure": "[]"},
        steps=[ADDRESS],
        client_request_id=request_id,
        fingerprint=request_id,
        answer={"deployment_id": deployment_id},
    )
    if outcome.verdict != "ok":
        raise RuntimeError(f"seeding {name}: {outcome}")

    deployment = store.deployment(project, deployment_id)
    assert deployment is not None
    steps.fail_deployment(project, deployment, REASON, address=ADDRESS)


def check_failed(project: str, prefix: str, count: int) -> None:
    """Raise unless every seeded stack is DEPLOYMENT_FAILED and free."""
    from workers import runtime

    store = runtime.store()
    for index in (1, count // 2, count):
        stack = store.stack(project, stack_name(prefix, index))
        if stack is None or stack.status != "DEPLOYMENT_FAILED" or stack.holder:
            found = json.dumps(stack.__dict__ if stack else None, default=str)
            raise RuntimeError(f"seeded stack {index} is not failed: {found}")
