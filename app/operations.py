"""The mutating operations: validate, admit in one script, enqueue, answer.

Each follows the same path: check the input, compute the deployment's steps,
let ``Store.admit`` (one Lua script) take the stack and enqueue the deployment's
first task, and answer. A retry of the same request (same Client-Request-Id,
same operation and body) is answered from Redis with the first answer.

The enqueue is part of the admission script when the broker is the state Redis
(see ``workers.chains``); otherwise the task is published after it, and a
failed publish undoes the admission.
"""

import hashlib
import json
import logging
import uuid
from typing import Any

from app import context, sources, throttle
from app.errors import BadRequest, Conflict, Forbidden, FormationError, NotFound
from app.templates import check
from app.templates import steps as plan_steps
from formation.plans import destroy_order
from formation.store import Outcome, Push
from workers import chains

logger = logging.getLogger(__name__)

FINAL = (
    "CREATION_COMPLETE",
    "DEPLOYMENT_COMPLETE",
    "DEPLOYMENT_FAILED",
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
    "DELETION_FAILED",
)


def fingerprint(op: str, project: str, target: str, body: dict[str, Any]) -> str:
    """Identity of a request, to tell a retry from a reuse of its id."""
    raw = json.dumps([op, project, target, body], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def _refusal(outcome: Outcome, op: str) -> FormationError:
    verdict = outcome.verdict
    if verdict == "throttled":
        return throttle.too_many(int(outcome.detail))
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
    # RFS documents no code for a status that forbids continuing a rollback;
    # the continue-deploy one says the same thing.
    codes = {
        "continue": "RF.10012547",
        "rollback": "RF.10012547",
        "delete": "RF.10012544",
    }
    return Forbidden(
        f"the stack's status {outcome.detail} does not allow this operation",
        codes.get(op, "RF.10012519"),
    )


def _first_task(project: str, deployment_id: str) -> Push | None:
    """What the admission script pushes: the deployment's prepare task."""
    return context.chains().push(chains.prepare(project, deployment_id))


def _publish(
    project: str, stack_name: str, deployment_id: str, request_id: str
) -> None:
    """Publish the deployment's first task; if that fails, undo the admission
    and answer 500.

    The undo fails the deployment (its stack is freed) and forgets the request,
    so a retry with the same Client-Request-Id is admitted afresh.
    """
    store = context.store()
    try:
        context.chains().publish(chains.prepare(project, deployment_id))
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
    request_id: str,
) -> dict[str, str]:
    """Publish an admitted deployment unless its script pushed it, or raise
    the refusal.

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
    elif context.chains().direct:
        return answer
    _publish(project, stack_name, deployment_id, request_id)
    return answer


def _stack_fields(
    body: dict[str, Any], template: str, vars_body: str
) -> dict[str, str]:
    fields = {
        **sources.stack_fields(template),
        "vars_body": vars_body,
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


def create_stack(project: str, body: dict[str, Any], request_id: str) -> dict[str, str]:
    """CreateStack: the stack, and a first deployment when a template is given.

    A ``template_uri`` / ``vars_uri`` is fetched first; nothing is written when
    that or the template's check fails.
    """
    text = sources.template(body)
    vars_body = sources.variables(body)
    steps: list[str] = []
    if text:
        template, values = check(text, vars_body or None, body.get("vars_structure"))
        steps = plan_steps(template, values, {})
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
        fields=_stack_fields(body, text, vars_body),
        steps=steps,
        client_request_id=request_id,
        fingerprint=fingerprint("create", project, name, body),
        answer=answer,
        then=_first_task(project, deployment_id) if deployment_id else None,
    )
    return _settle(outcome, "create", project, name, request_id)


def deploy_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """DeployStack: replace template and variables, then deploy.

    A ``template_uri`` / ``vars_uri`` is fetched first; nothing is written when
    that or the template's check fails.
    """
    text = sources.template(body)
    vars_body = sources.variables(body)
    template, values = check(text, vars_body or None, body.get("vars_structure"))
    store = context.store()
    stack = store.stack(project, name)
    # Instances the stack holds that the new template drops are destroyed; the
    # epoch guard makes sure the state read here is the one admitted.
    held = store.resources(project, name) if stack else {}
    return _admit(
        project,
        name,
        body,
        request_id,
        op="deploy",
        steps=plan_steps(template, values, held),
        fields=_stack_fields(body, text, vars_body),
        allowed=FINAL,
        seen_epoch=stack.epoch if stack else None,
        note="Deployment accepted and queued",
    )


def continue_deploy_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """ContinueDeployStack: resume a failed deployment at the resource that failed.

    The stack's template and variables were checked when they were admitted
    and cannot change while the deployment holds the stack, so the steps are
    left to its prepare task: admission is one script and reads nothing first.
    """
    return _admit(
        project,
        name,
        body,
        request_id,
        op="continue",
        steps=None,
        fields={},
        allowed=("DEPLOYMENT_FAILED",),
        seen_epoch=None,
        note="Continue deployment accepted and queued",
    )


def delete_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """DeleteStack(Enhanced): destroy the resources, dependents first, then the stack.

    With ``retain_all_resources`` the deployment has no steps: finalize removes
    the stack and its records, and what the resources made stays where it is.
    """
    store = context.store()
    stack = store.stack(project, name)
    retain = bool(body.get("retain_all_resources"))
    steps = destroy_order(store.resources(project, name)) if stack else []
    return _admit(
        project,
        name,
        body,
        request_id,
        op="delete",
        steps=[] if retain else steps,
        fields={},
        allowed=FINAL,
        seen_epoch=stack.epoch if stack else None,
        note=(
            "Deletion accepted and queued; resources are retained"
            if retain
            else "Deletion accepted and queued"
        ),
        new_status="DELETION_IN_PROGRESS",
        guard_protection=True,
    )


def continue_rollback_stack(
    project: str, name: str, body: dict[str, Any], request_id: str
) -> dict[str, str]:
    """ContinueRollbackStack: destroy what the failed deployment made, again.

    Allowed only from ROLLBACK_FAILED; the steps are the resources the rolled
    back deployment created that still exist, dependents first.
    """
    store = context.store()
    stack = store.stack(project, name)
    steps: list[str] = []
    if stack is not None and stack.rollback_target:
        made = {
            address: r
            for address, r in store.resources(project, name).items()
            if r.created_by == stack.rollback_target and r.status != "CREATION_FAILED"
        }
        steps = destroy_order(made)
    return _admit(
        project,
        name,
        body,
        request_id,
        op="rollback",
        steps=steps,
        fields={},
        allowed=("ROLLBACK_FAILED",),
        seen_epoch=stack.epoch if stack else None,
        note="Continue rollback accepted and queued",
        new_status="ROLLBACK_IN_PROGRESS",
    )


def _admit(
    project: str,
    name: str,
    body: dict[str, Any],
    request_id: str,
    *,
    op: str,
    steps: list[str] | None,
    fields: dict[str, str],
    allowed: tuple[str, ...],
    seen_epoch: int | None,
    note: str,
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
        note=note,
        fields=fields,
        client_request_id=request_id,
        fingerprint=fingerprint(op, project, name, body),
        seen_epoch=seen_epoch,
        answer={"deployment_id": deployment_id},
        guard_protection=guard_protection,
        then=_first_task(project, deployment_id),
        rate=throttle.deferred(),
    )
    return _settle(outcome, op, project, name, request_id)
