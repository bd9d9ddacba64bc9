"""The mutating operations: validate, admit in one script, enqueue, answer.

Each follows the same path: check the input, compute the deployment's steps,
let ``Store.admit`` (one Lua script) take the stack, publish the Celery chain and
answer. A retry of the same request (same Client-Request-Id, same operation and
body) is answered from Redis with the first answer.
"""

import hashlib
import json
import logging
import uuid
from graphlib import TopologicalSorter
from typing import Any

from app import context
from app.errors import BadRequest, Conflict, Forbidden, FormationError, NotFound
from app.templates import check, parse
from formation.records import IN_PROGRESS, Resource
from formation.store import Outcome
from workers.chains import enqueue

logger = logging.getLogger(__name__)

FINAL = (
    "CREATION_COMPLETE",
    "DEPLOYMENT_COMPLETE",
    "DEPLOYMENT_FAILED",
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
    "DELETION_FAILED",
)
assert not IN_PROGRESS & set(FINAL)


def fingerprint(op: str, project: str, target: str, body: dict[str, Any]) -> str:
    """Identity of a request, to tell a retry from a reuse of its id."""
    raw = json.dumps([op, project, target, body], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def _refusal(outcome: Outcome, op: str) -> FormationError:
    verdict = outcome.verdict
    if verdict == "reused":
        return BadRequest(
            "Client-Request-Id was already used for a different request",
            "RF.10011093",
        )
    if verdict == "no_stack":
        return NotFound("the stack does not exist")
    if verdict == "exists":
        return Conflict("a stack with this name already exists", "RF.10013502")
    if verdict == "mismatch":
        return BadRequest(
            "stack_id does not match the stack with this name", "RF.10011015"
        )
    if verdict == "protected":
        return Forbidden("deletion protection is on for this stack", "RF.10012544")
    if verdict == "busy" and op == "delete":
        return Forbidden("the stack is busy and cannot be deleted now", "RF.10012544")
    if verdict == "busy":
        return Conflict("another request is being processed on this stack; retry later")
    codes = {"continue": "RF.10012547", "delete": "RF.10012544"}
    return Forbidden(
        f"the stack's status {outcome.detail} does not allow this operation",
        codes.get(op, "RF.10012519"),
    )


def _publish(
    project: str, stack_name: str, deployment_id: str, steps: int, request_id: str
) -> None:
    """Enqueue the deployment; if that fails, undo the admission and answer 500.

    The undo fails the deployment (its stack is freed) and forgets the request,
    so a retry with the same Client-Request-Id is admitted afresh.
    """
    store = context.store()
    try:
        enqueue(context.celery(), project, deployment_id, steps)
    except Exception as exc:
        logger.exception("enqueue failed", extra={"deployment_id": deployment_id})
        reason = "the deployment could not be queued; retry the request"
        store.fail(
            project, stack_name, deployment_id, reason, client_request_id=request_id
        )
        raise FormationError(reason) from exc
    store.mark_enqueued(project, deployment_id)


def _settle(
    outcome: Outcome,
    op: str,
    project: str,
    stack_name: str,
    steps: int,
    request_id: str,
) -> dict[str, str]:
    """Publish an admitted deployment, or raise the refusal.

    A replayed request whose first attempt died before publishing is published
    now; a second chain for one deployment is harmless (steps run once).
    """
    if not outcome.accepted:
        raise _refusal(outcome, op)
    answer: dict[str, str] = json.loads(outcome.detail)
    deployment_id = answer.get("deployment_id", "")
    if not deployment_id:
        return answer
    store = context.store()
    if outcome.verdict == "replay":
        d = store.deployment(project, deployment_id)
        if d is None or d.status != "QUEUED" or store.was_enqueued(project, d.id):
            return answer
    _publish(project, stack_name, deployment_id, steps, request_id)
    return answer


def _stack_fields(body: dict[str, Any]) -> dict[str, str]:
    fields = {
        "template": body.get("template_body", ""),
        "vars_body": body.get("vars_body", ""),
        "vars_structure": json.dumps(body.get("vars_structure", [])),
    }
    for flag in ("enable_deletion_protection", "enable_auto_rollback"):
        if flag in body:
            fields[flag] = "1" if body[flag] else "0"
    if "description" in body:
        fields["description"] = body["description"]
    if "agencies" in body:
        fields["agencies"] = json.dumps(body["agencies"])
    return fields


def _refuse_uri(body: dict[str, Any]) -> None:
    for name in ("template_uri", "vars_uri"):
        if body.get(name):
            raise BadRequest(
                f"{name} is not supported by this server yet; "
                f"send the text in {name.replace('uri', 'body')}",
                "RF.10011074",
            )


def create_stack(project: str, body: dict[str, Any], request_id: str) -> dict[str, str]:
    """CreateStack: the stack, and a first deployment when a template is given."""
    _refuse_uri(body)
    text = body.get("template_body", "")
    steps: list[str] = []
    if text:
        template = check(text, body.get("vars_body"), body.get("vars_structure"))
        steps = list(template.addresses)
    stack_id = str(uuid.uuid4())
    deployment_id = str(uuid.uuid4()) if text else ""
    answer = {"stack_id": stack_id}
    if deployment_id:
        answer["deployment_id"] = deployment_id
    name = body["stack_name"]
    outcome = context.store().create_stack(
        project,
        name,
        stack_id=stack_id,
        deployment_id=deployment_id,
        fields=_stack_fields(body),
        steps=steps,
        client_request_id=request_id,
        fingerprint=fingerprint("create", project, name, body),
        answer=answer,
    )
    return _settle(outcome, "create", project, name, len(steps), request_id)


def deploy_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """DeployStack: replace template and variables, then deploy."""
    _refuse_uri(body)
    template = check(
        body.get("template_body", ""), body.get("vars_body"), body.get("vars_structure")
    )
    steps = list(template.addresses)
    fields = _stack_fields(body)
    return _admit(
        project,
        name,
        body,
        request_id,
        op="deploy",
        steps=steps,
        fields=fields,
        allowed=FINAL,
        seen_epoch=None,
        message="Deployment accepted and queued",
    )


def continue_deploy_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """ContinueDeployStack: resume a failed deployment at the resource that failed."""
    stack = context.store().stack(project, name)
    steps: list[str] = []
    if stack is not None and stack.template:
        steps = list(parse(stack.template).addresses)
    return _admit(
        project,
        name,
        body,
        request_id,
        op="continue",
        steps=steps,
        fields={},
        allowed=("DEPLOYMENT_FAILED",),
        seen_epoch=stack.epoch if stack else None,
        message="Continue deployment accepted and queued",
    )


def delete_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """DeleteStack: destroy the resources, dependents first, then drop the stack."""
    store = context.store()
    stack = store.stack(project, name)
    steps = destroy_order(store.resources(project, name)) if stack else []
    return _admit(
        project,
        name,
        body,
        request_id,
        op="delete",
        steps=steps,
        fields={},
        allowed=FINAL,
        seen_epoch=stack.epoch if stack else None,
        message="Deletion accepted and queued",
        new_status="DELETION_IN_PROGRESS",
        guard_protection=True,
    )


def destroy_order(resources: dict[str, Resource]) -> list[str]:
    """Addresses with every resource before the ones it depends on."""
    graph = {
        a: [d for d in r.dependencies if d in resources]
        for a, r in sorted(resources.items())
    }
    return list(reversed(list(TopologicalSorter(graph).static_order())))


def _admit(
    project: str,
    name: str,
    body: dict[str, Any],
    request_id: str,
    *,
    op: str,
    steps: list[str],
    fields: dict[str, str],
    allowed: tuple[str, ...],
    seen_epoch: int | None,
    message: str,
    new_status: str = "DEPLOYMENT_IN_PROGRESS",
    guard_protection: bool = False,
) -> dict[str, str]:
    deployment_id = str(uuid.uuid4())
    outcome = context.store().admit(
        project,
        name,
        op=op,
        deployment_id=deployment_id,
        expected_stack_id=body.get("stack_id", ""),
        allowed=allowed,
        new_status=new_status,
        steps=steps,
        message=message,
        fields=fields,
        client_request_id=request_id,
        fingerprint=fingerprint(op, project, name, body),
        seen_epoch=seen_epoch,
        answer={"deployment_id": deployment_id},
        guard_protection=guard_protection,
    )
    return _settle(outcome, op, project, name, len(steps), request_id)
