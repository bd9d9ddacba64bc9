"""What each task of a deployment does, written against Redis state alone.

Every function here may run more than once for the same arguments (Celery
delivers at least once) and concurrently with a stale copy of itself; the Lua
scripts decide which run counts, so each function is idempotent.
"""

import hashlib
import json
import logging
import time
import uuid
from typing import Any

from celery.exceptions import Ignore, SoftTimeLimitExceeded

from formation.plans import destroy_order
from formation.providers import ProviderContext, ProviderError, get_provider
from formation.records import Deployment, Event, Resource, Stack
from formation.templates import TemplateError, render_outputs, render_resource
from workers import app, outputs, runtime
from workers.chains import publish
from workers.lease import held_lease

logger = logging.getLogger(__name__)

DESTROYING = ("delete", "rollback")
# The stack's status when a deployment of each kind fails.
FAILED_STATUS = {"delete": "DELETION_FAILED", "rollback": "ROLLBACK_FAILED"}


def _live(project: str, deployment_id: str) -> tuple[Deployment, Stack] | None:
    """The deployment and its stack, or None when this delivery has nothing to do."""
    store = runtime.store()
    d = store.deployment(project, deployment_id)
    if d is None or d.final:
        return None
    stack = store.stack(project, d.stack_name)
    if stack is None or stack.holder != d.id or stack.epoch != d.epoch:
        return None
    return d, stack


def prepare(project: str, deployment_id: str) -> None:
    """Mark the deployment RUNNING and log what it is about to do."""
    found = _live(project, deployment_id)
    if found is None:
        logger.info("prepare skipped: deployment not live")
        return
    d, _ = found
    done = runtime.store().resources(project, d.stack_name)
    kept = [a for a in d.steps if a in done and done[a].status.endswith("COMPLETE")]
    if d.op in DESTROYING:
        message = f"Destroying {len(d.steps)} resources"
    elif d.op == "continue" and kept:
        message = f"Continuing deployment; {len(kept)} complete resources are kept"
    else:
        message = f"Applying {len(d.steps)} resources"
    runtime.store().begin(project, d, message)


def step(project: str, deployment_id: str, index: int) -> None:
    """Apply (or destroy) the resource at ``index`` of the deployment's steps."""
    found = _live(project, deployment_id)
    if found is None:
        logger.info("step skipped: deployment not live", extra={"index": index})
        return
    d, stack = found
    if index != d.cursor:
        logger.info("step skipped: not the next step", extra={"index": index})
        return
    if d.op in DESTROYING:
        _destroy(project, d, stack, index)
    else:
        _apply(project, d, stack, index)


def _context(
    project: str, stack: Stack, d: Deployment, address: str
) -> ProviderContext:
    workspace = runtime.settings.workspace / project / stack.stack_name
    return ProviderContext(workspace=workspace, address=address, deployment_id=d.id)


def _apply(project: str, d: Deployment, stack: Stack, index: int) -> None:
    store = runtime.store()
    address = d.steps[index]
    kind, name = address.split(".", 1)

    try:
        tpl = runtime.template(stack.template)
        values = runtime.variables(tpl, stack.vars_body, stack.vars_structure)
        state = {
            a: r.attributes
            for a, r in store.resources(project, stack.stack_name).items()
        }
        config = render_resource(tpl, address, values, state)
    except TemplateError as exc:
        _fail_step(project, d, address, f"{exc.message}", started=time.monotonic())
        raise Ignore() from exc
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode())
    config_hash = digest.hexdigest()

    claimed = store.claim(
        project,
        d,
        index,
        config_hash=config_hash,
        mode="apply",
        event=Event("CREATION_IN_PROGRESS", f"{address}: Creating...", kind, name),
    )
    if claimed != "ok":
        logger.info("step not claimed: %s", claimed, extra={"index": index})
        return

    provider = get_provider(kind)
    started = time.monotonic()
    attributes = _call(
        project,
        d,
        address,
        started,
        lambda: provider.create(config, _context(project, stack, d, address)),
    )
    elapsed = int(time.monotonic() - started)
    resource_id = str(attributes.get(provider.id_attribute, ""))
    resource = Resource(
        address=address,
        type=kind,
        name=name,
        status="CREATION_COMPLETE",
        id_key=provider.id_attribute,
        id=resource_id,
        config_hash=config_hash,
        attributes=attributes,
        sensitive=sorted(provider.sensitive_attributes),
        dependencies=sorted(tpl.dependencies(address)),
        created_by=d.id,
    )
    event = Event(
        "CREATION_COMPLETE",
        f"{address}: Creation complete after {elapsed}s [id={resource_id}]",
        kind,
        name,
        provider.id_attribute,
        resource_id,
        el=str(elapsed),
    )
    _record(store.complete(project, d, index, resource, event), d, index)


def _destroy(project: str, d: Deployment, stack: Stack, index: int) -> None:
    store = runtime.store()
    address = d.steps[index]
    kind, name = address.split(".", 1)
    current = store.resources(project, stack.stack_name).get(address)

    claimed = store.claim(
        project,
        d,
        index,
        config_hash="",
        mode="destroy",
        event=Event("DELETION_IN_PROGRESS", f"{address}: Destroying...", kind, name),
    )
    if claimed != "ok" or current is None:
        logger.info("step not claimed: %s", claimed, extra={"index": index})
        return

    provider = get_provider(kind)
    started = time.monotonic()
    _call(
        project,
        d,
        address,
        started,
        lambda: provider.delete(
            current.attributes, _context(project, stack, d, address)
        ),
        destroying=True,
    )
    elapsed = int(time.monotonic() - started)
    event = Event(
        "DELETION_COMPLETE",
        f"{address}: Destruction complete after {elapsed}s",
        kind,
        name,
        current.id_key,
        current.id,
        el=str(elapsed),
    )
    _record(store.complete(project, d, index, None, event), d, index)


def _call(
    project: str,
    d: Deployment,
    address: str,
    started: float,
    call: Any,
    destroying: bool = False,
) -> Any:
    """Run a provider call under the step's lease; any failure ends the deployment."""
    limit = runtime.settings.step_soft_time_limit
    try:
        with held_lease(runtime.store(), project, d):
            return call()
    except SoftTimeLimitExceeded as exc:
        reason = f"{address}: step exceeded its soft time limit of {limit:g}s"
        _fail_step(project, d, address, reason, started, destroying)
        raise Ignore() from exc
    except ProviderError as exc:
        message = str(exc)
        reason = message if message.startswith(address) else f"{address}: {message}"
        _fail_step(project, d, address, reason, started, destroying)
        raise Ignore() from exc
    except Exception as exc:
        logger.exception("provider call raised", extra={"address": address})
        reason = f"{address}: unexpected error: {exc}"
        _fail_step(project, d, address, reason, started, destroying)
        raise Ignore() from exc


def _record(verdict: str, d: Deployment, index: int) -> None:
    if verdict != "ok":
        logger.warning(
            "step result refused: %s",
            verdict,
            extra={"deployment_id": d.id, "index": index},
        )


def _fail_step(
    project: str,
    d: Deployment,
    address: str,
    reason: str,
    started: float,
    destroying: bool = False,
) -> None:
    fail_deployment(
        project,
        d,
        reason,
        address=address,
        destroying=destroying,
        elapsed=int(time.monotonic() - started),
    )


def fail_deployment(
    project: str,
    d: Deployment,
    reason: str,
    *,
    address: str = "",
    destroying: bool | None = None,
    elapsed: int | None = None,
) -> str:
    """The one way a deployment ends as failed; safe to call any number of times.

    With auto-rollback on, the stack is handed to a rollback deployment that
    destroys what this deployment created, and its chain is published here (or,
    if that fails, by the reaper).
    """
    store = runtime.store()
    if destroying is None:
        destroying = d.op in DESTROYING
    resources = store.resources(project, d.stack_name)
    resource = event = None
    if address:
        resource, event = _failed_resource(
            address, resources.get(address), reason, destroying, elapsed
        )
    rollback_id = str(uuid.uuid4())
    undo = destroy_order(
        {
            a: r
            for a, r in resources.items()
            if r.created_by == d.id and r.status.endswith("COMPLETE")
        }
    )
    verdict = store.fail(
        project,
        d.stack_name,
        d.id,
        reason,
        failed_status=FAILED_STATUS.get(d.op, "DEPLOYMENT_FAILED"),
        resource=resource,
        event=event,
        rollback_id=rollback_id,
        rollback_steps=undo,
    )
    logger.info(
        "deployment failed: %s (%s)", reason, verdict, extra={"deployment_id": d.id}
    )
    if verdict == "rolling_back":
        try:
            publish(app, store, project, rollback_id, len(undo))
        except Exception:
            logger.warning(
                "rollback not published; the reaper will retry", exc_info=True
            )
    return verdict


def _failed_resource(
    address: str,
    previous: Resource | None,
    reason: str,
    destroying: bool,
    elapsed: int | None,
) -> tuple[Resource, Event]:
    kind, name = address.split(".", 1)
    status = "DELETION_FAILED" if destroying else "CREATION_FAILED"
    resource = Resource(
        address=address,
        type=kind,
        name=name,
        status=status,
        status_message=reason,
        id_key=previous.id_key if previous else "id",
        id=previous.id if previous else "",
        attributes=previous.attributes if previous else {},
        dependencies=previous.dependencies if previous else [],
        created_by=previous.created_by if previous else "",
    )
    verb = "Destruction" if destroying else "Creation"
    event = Event(
        status,
        f"{address}: {verb} errored: {reason}",
        kind,
        name,
        el="" if elapsed is None else str(elapsed),
    )
    return resource, event


def finalize(project: str, deployment_id: str) -> None:
    """Write outputs and the final status, then free the stack."""
    found = _live(project, deployment_id)
    if found is None:
        logger.info("finalize skipped: deployment not live")
        return
    d, stack = found
    store = runtime.store()
    if d.op == "delete":
        _record(store.remove(project, d), d, len(d.steps))
        return
    if d.op == "rollback":
        summary = f"Rollback complete! Resources: {d.changed} destroyed."
        verdict = store.finish(project, d, None, summary, "ROLLBACK_COMPLETE")
        _record(verdict, d, len(d.steps))
        return

    resources = store.resources(project, stack.stack_name)
    try:
        tpl = runtime.template(stack.template)
        values = runtime.variables(tpl, stack.vars_body, stack.vars_structure)
        state = {a: r.attributes for a, r in resources.items()}
        rendered = outputs.rendered(render_outputs(tpl, values, state))
    except TemplateError as exc:
        fail_deployment(project, d, f"outputs: {exc.message}")
        raise Ignore() from exc
    summary = f"Apply complete! Resources: {d.changed} added, 0 changed, 0 destroyed."
    _record(store.finish(project, d, rendered, summary), d, len(d.steps))
