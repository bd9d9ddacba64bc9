"""What each task of a deployment does, written against Redis state alone.

Every function here may run more than once for the same arguments (Celery
delivers at least once) and concurrently with a stale copy of itself; the Lua
scripts decide which run counts, so each function is idempotent.
"""

import logging
import time
import uuid
from typing import Any

from celery.exceptions import Ignore, SoftTimeLimitExceeded

from formation import logs
from formation.plans import deployment_steps, destroy_order, split_address
from formation.providers import (
    Provider,
    ProviderContext,
    ProviderError,
    get_data_source,
    get_provider,
)
from formation.records import Deployment, Event, Resource, Stack, TemplateFiles
from formation.templates import (
    Instance,
    Template,
    TemplateError,
    check_conditions,
    lifecycle,
    provisioners,
    render_outputs,
    render_provisioner,
    render_resource,
    replace_triggers,
)
from workers import chains, metrics, outputs, runtime
from workers.changes import CREATE, NONE, READ, REPLACE, UPDATE, Desired, decide
from workers.lease import held_lease
from workers.provisioners import run_local_exec
from workers.workspace import copy_companions

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
    logs.bind(stack=d.stack_name)
    stack = store.stack(project, d.stack_name)
    if stack is None or stack.holder != d.id or stack.epoch != d.epoch:
        return None
    return d, stack


def prepare(project: str, deployment_id: str) -> None:
    """Mark the deployment RUNNING, log what it is about to do and enqueue its
    first step; compute its steps first when admission left them to it."""
    found = _live(project, deployment_id)
    if found is None or found[0].status != "QUEUED":
        logger.info("prepare skipped: deployment not live or already started")
        return
    d, stack = found
    store = runtime.store()
    if d.op not in DESTROYING and isinstance(stack.template, TemplateFiles):
        workspace = runtime.settings.workspace / project / stack.stack_name
        copy_companions(stack.template.files, workspace)
    planned = None
    if d.planned:
        held = set(store.resource_addresses(project, d.stack_name))
    else:
        records = store.resources(project, d.stack_name)
        held = {a for a, r in records.items() if r.status.endswith("COMPLETE")}
        try:
            _, _, instances = runtime.plan(stack)
        except TemplateError as exc:
            fail_deployment(project, d, f"the stack's template: {exc.message}")
            raise Ignore() from exc
        planned = deployment_steps(list(instances), records)
    steps = d.steps if planned is None else planned
    kept = [a for a in steps if a in held]
    if d.op in DESTROYING:
        message = f"Destroying {_resources(len(steps))}"
    elif d.op == "continue" and kept:
        exist = "exists" if len(kept) == 1 else "exist"
        message = f"Continuing deployment; {_resources(len(kept))} already {exist}"
    else:
        message = f"Applying {_resources(len(steps))}"
    first = chains.at(project, d.id, 0, len(steps))
    then = runtime.chains().push(first)
    if store.begin(project, d, message, steps=planned, then=then) == "ok":
        runtime.chains().follow(first)


def _resources(count: int) -> str:
    return f"{count} resource" if count == 1 else f"{count} resources"


def step(project: str, deployment_id: str, index: int) -> None:
    """Apply (or destroy) the resource at ``index`` of the deployment's steps."""
    found = runtime.running(project, deployment_id)
    if found is None or not 0 <= index < len(found[0].steps):
        logger.info("step skipped: deployment not running", extra={"index": index})
        return
    d, stack = found
    logs.bind(stack=d.stack_name)
    if d.destroys(index):
        _destroy(project, d, stack, index)
    else:
        _apply(project, d, stack, index)


def _view(
    project: str, d: Deployment, index: int, addresses: list[str]
) -> dict[str, Resource] | None:
    """The records of ``addresses``, or None when step ``index`` is not the
    live deployment's next step (a duplicate delivery, or a stale worker)."""
    where, records = runtime.store().step_view(project, d, addresses)
    if (where["holder"], where["epoch"], where["status"]) != (
        d.id,
        str(d.epoch),
        "RUNNING",
    ):
        logger.info("step skipped: deployment not live", extra={"index": index})
        return None
    if where["cursor"] != str(index) or where["claimed"] == str(index):
        logger.info("step skipped: not the next step", extra={"index": index})
        return None
    return records


def _next(project: str, d: Deployment, index: int) -> chains.Link:
    return chains.at(project, d.id, index + 1, len(d.steps))


def _context(
    project: str, stack: Stack, d: Deployment, address: str
) -> ProviderContext:
    workspace = runtime.settings.workspace / project / stack.stack_name
    return ProviderContext(workspace=workspace, address=address, deployment_id=d.id)


def _apply(project: str, d: Deployment, stack: Stack, index: int) -> None:
    """Create, update, replace or read one instance, or leave it as it is."""
    store = runtime.store()
    address = d.address(index)
    started = time.monotonic()
    try:
        tpl, values, instances = runtime.plan(stack)
        instance = instances[address]
    except (TemplateError, KeyError) as exc:
        reason = exc.message if isinstance(exc, TemplateError) else f"{exc}"
        _fail_step(project, d, address, reason, started)
        raise Ignore() from exc
    # Only this instance and the ones it refers to: reading every record on
    # every step would make a deployment quadratic in its resources.
    found = _view(project, d, index, [address, *sorted(instance.dependencies)])
    if found is None:
        return
    resources = found
    try:
        state = {a: r.attributes for a, r in resources.items()}
        desired = Desired(
            instance,
            render_resource(tpl, address, values, state),
            replace_triggers(tpl, address, values, state),
            lifecycle(tpl, address),
        )
        check_conditions(tpl, address, values, state, phase="pre")
    except (TemplateError, KeyError) as exc:
        reason = exc.message if isinstance(exc, TemplateError) else f"{exc}"
        _fail_step(project, d, address, reason, started)
        raise Ignore() from exc
    previous = resources.get(address)
    provider = None if instance.mode == "data" else get_provider(instance.type)
    action = decide(previous, desired, provider)
    if action == REPLACE and desired.lifecycle.prevent_destroy:
        reason = f"{address}: lifecycle.prevent_destroy forbids replacing it"
        _fail_step(project, d, address, reason, started)
        raise Ignore()

    # A claim with the unchanged digest is skipped in Redis; any other action
    # claims with a marker no stored digest equals.
    digest = desired.digest if action == NONE else "changed"
    after = _next(project, d, index)
    claimed = store.claim(
        project,
        d,
        index,
        config_hash=digest,
        mode="apply",
        event=_begin_event(action, instance, previous),
        then=runtime.chains().push(after),
    )
    metrics.step_write(claimed)
    if claimed == "skip":
        runtime.chains().follow(after)
    if claimed != "ok":
        logger.info("step not claimed: %s", claimed, extra={"index": index})
        return

    ctx = _context(project, stack, d, address)

    def work() -> dict[str, Any]:
        made = _perform(action, desired, previous, provider, ctx)
        if action in (CREATE, REPLACE):
            _provision(tpl, address, values, state, made, ctx, when="create")
        return made

    attributes = _call(project, d, address, started, work)
    try:
        check_conditions(
            tpl, address, values, state, phase="post", self_attributes=attributes
        )
    except TemplateError as exc:
        _fail_step(project, d, address, exc.message, started)
        raise Ignore() from exc
    elapsed = int(time.monotonic() - started)
    resource = _record(instance, desired, attributes, provider, previous, d, action)
    event = _end_event(action, instance, resource, elapsed)
    counter = {CREATE: "added", UPDATE: "updated", REPLACE: "replaced"}.get(action, "")
    metrics.step_done(instance.type, started)
    verdict = store.complete(
        project, d, index, resource, event, counter, runtime.chains().push(after)
    )
    _report(verdict, d, index, after)


def _perform(
    action: str,
    desired: Desired,
    previous: Resource | None,
    provider: Provider | None,
    ctx: ProviderContext,
) -> dict[str, Any]:
    """The provider calls of one action; returns the instance's new attributes."""
    config = desired.config
    if action == READ:
        return get_data_source(desired.instance.type).read(config, ctx)
    assert provider is not None
    if action == NONE and previous is not None:
        return previous.attributes
    if action == UPDATE and previous is not None:
        return provider.update(previous.attributes, config, ctx)
    if action == REPLACE and previous is not None:
        if desired.lifecycle.create_before_destroy:
            made = provider.create(config, ctx)
            provider.delete(previous.attributes, ctx)
            return made
        provider.delete(previous.attributes, ctx)
    return provider.create(config, ctx)


def _provision(
    tpl: Template,
    address: str,
    values: dict[str, Any],
    state: dict[str, Any],
    attributes: dict[str, Any],
    ctx: ProviderContext,
    when: str,
) -> None:
    """Run the instance's local-exec provisioners of one kind, in order.

    Raises ProviderError for a failed command unless its ``on_failure`` is
    ``continue``, and when the operator has not enabled commands on this worker.
    """
    for index, spec in enumerate(provisioners(tpl, address)):
        if spec.when != when:
            continue
        if not runtime.settings.allow_local_exec:
            raise ProviderError(
                "provisioners are not enabled on this worker "
                "(FORMATION_ALLOW_LOCAL_EXEC)"
            )
        config = render_provisioner(tpl, address, index, values, state, attributes)
        try:
            run_local_exec(config, ctx.workspace)
        except ProviderError:
            if spec.on_failure != "continue":
                raise
            logger.warning("provisioner failed; on_failure = continue", exc_info=True)


def _destroy_provisioners(
    stack: Stack, address: str, attributes: dict[str, Any], ctx: ProviderContext
) -> None:
    """Destroy-time provisioners of an instance the template still declares."""
    if not stack.template:
        return
    tpl, values, instances = runtime.plan(stack)
    if address in instances:
        _provision(tpl, address, values, {}, attributes, ctx, when="destroy")


def _record(
    instance: Instance,
    desired: Desired,
    attributes: dict[str, Any],
    provider: Provider | None,
    previous: Resource | None,
    d: Deployment,
    action: str,
) -> Resource:
    id_key = provider.id_attribute if provider else "id"
    kept = action in (UPDATE, NONE) and previous is not None
    return Resource(
        address=instance.address,
        type=instance.type,
        name=instance.name,
        status="UPDATE_COMPLETE" if action == UPDATE else "CREATION_COMPLETE",
        id_key=id_key,
        id=str(attributes.get(id_key, "")),
        config_hash=desired.digest,
        attributes=attributes,
        sensitive=sorted(provider.sensitive_attributes if provider else ()),
        dependencies=sorted(instance.dependencies),
        created_by=previous.created_by if kept and previous else d.id,
        index_key="" if instance.key is None else str(instance.key),
        mode=instance.mode,
        arguments=desired.config,
        triggers=desired.triggers,
    )


def _begin_event(action: str, instance: Instance, previous: Resource | None) -> Event:
    old = f" [id={previous.id}]" if previous and previous.id else ""
    kind, text = {
        CREATE: ("CREATION_IN_PROGRESS", "Creating..."),
        READ: ("CREATION_IN_PROGRESS", "Reading..."),
        UPDATE: ("UPDATE_IN_PROGRESS", f"Modifying...{old}"),
        REPLACE: ("CREATION_IN_PROGRESS", f"Replacing...{old}"),
        NONE: ("UPDATE_IN_PROGRESS", f"Checking...{old}"),
    }[action]
    return _event(kind, f"{instance.address}: {text}", instance)


def _end_event(action: str, instance: Instance, r: Resource, elapsed: int) -> Event:
    kind, text = {
        CREATE: ("CREATION_COMPLETE", "Creation complete"),
        READ: ("CREATION_COMPLETE", "Read complete"),
        UPDATE: ("UPDATE_COMPLETE", "Modifications complete"),
        REPLACE: ("CREATION_COMPLETE", "Replacement complete"),
        NONE: ("UPDATE_COMPLETE", "No changes"),
    }[action]
    message = f"{instance.address}: {text} after {elapsed}s [id={r.id}]"
    return _event(kind, message, instance, r.id_key, r.id, str(elapsed))


def _event(
    kind: str,
    message: str,
    instance: Instance,
    id_key: str = "",
    rid: str = "",
    elapsed: str = "",
) -> Event:
    key = "" if instance.key is None else str(instance.key)
    return Event(kind, message, instance.type, instance.name, id_key, rid, key, elapsed)


def _destroy(project: str, d: Deployment, stack: Stack, index: int) -> None:
    """Destroy one instance that the stack holds (a data source is just dropped)."""
    store = runtime.store()
    address = d.address(index)
    found = _view(project, d, index, [address])
    if found is None:
        return
    current = found.get(address)
    kind = current.type if current else address.split(".", 1)[0]
    name = current.name if current else address
    key = current.index_key if current else ""

    after = _next(project, d, index)
    claimed = store.claim(
        project,
        d,
        index,
        config_hash="",
        mode="destroy",
        event=Event(
            "DELETION_IN_PROGRESS", f"{address}: Destroying...", kind, name, rk=key
        ),
        then=runtime.chains().push(after),
    )
    metrics.step_write(claimed)
    if claimed == "skip":
        runtime.chains().follow(after)
    if claimed != "ok" or current is None:
        logger.info("step not claimed: %s", claimed, extra={"index": index})
        return

    started = time.monotonic()
    # A create that failed before the provider made anything left a record
    # with no attributes: there is nothing to destroy, only the record to drop.
    made = not (current.status == "CREATION_FAILED" and not current.attributes)
    if current.mode != "data" and made:
        provider = get_provider(kind)
        ctx = _context(project, stack, d, address)

        def work() -> None:
            _destroy_provisioners(stack, address, current.attributes, ctx)
            provider.delete(current.attributes, ctx)

        _call(project, d, address, started, work, destroying=True)
    elapsed = int(time.monotonic() - started)
    event = Event(
        "DELETION_COMPLETE",
        f"{address}: Destruction complete after {elapsed}s",
        kind,
        name,
        current.id_key,
        current.id,
        key,
        str(elapsed),
    )
    counter = "destroyed" if current.mode != "data" and made else ""
    metrics.step_done(kind, started)
    verdict = store.complete(
        project, d, index, None, event, counter, runtime.chains().push(after)
    )
    _report(verdict, d, index, after)


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


def _report(
    verdict: str, d: Deployment, index: int, after: chains.Link | None = None
) -> None:
    """Count a fenced write's verdict; on success enqueue ``after`` unless the
    script pushed it."""
    metrics.step_write(verdict)
    if verdict == "ok" and after is not None:
        runtime.chains().follow(after)
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
    metrics.step_done(split_address(address)[0], started)
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
    destroys what this deployment created, and its first task is enqueued by
    the same script (or published here, or if that fails, by the reaper).
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
        then=runtime.chains().push(chains.prepare(project, rollback_id)),
    )
    metrics.deployment_failed(verdict)
    logger.info(
        "deployment failed: %s (%s)", reason, verdict, extra={"deployment_id": d.id}
    )
    if verdict == "rolling_back":
        try:
            if runtime.chains().follow(chains.prepare(project, rollback_id)):
                store.mark_enqueued(project, rollback_id)
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
    kind, name, key = split_address(address)
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
        index_key=key,
        mode=previous.mode if previous else "managed",
        arguments=previous.arguments if previous else {},
        triggers=previous.triggers if previous else [],
    )
    verb = "Destruction" if destroying else "Creation"
    event = Event(
        status,
        f"{address}: {verb} errored: {reason}",
        kind,
        name,
        rk=key,
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
        verdict = store.remove(project, d)
        metrics.deployment_finished(verdict)
        _report(verdict, d, len(d.steps))
        return
    if d.op == "rollback":
        summary = f"Rollback complete! Resources: {d.destroyed} destroyed."
        verdict = store.finish(project, d, None, summary, "ROLLBACK_COMPLETE")
        metrics.deployment_finished(verdict)
        _report(verdict, d, len(d.steps))
        return

    resources = store.resources(project, stack.stack_name)
    try:
        tpl, values, _ = runtime.plan(stack)
        state = {a: r.attributes for a, r in resources.items()}
        rendered = outputs.rendered(render_outputs(tpl, values, state))
    except TemplateError as exc:
        fail_deployment(project, d, f"outputs: {exc.message}")
        raise Ignore() from exc
    summary = (
        f"Apply complete! Resources: {d.added + d.replaced} added, {d.updated} "
        f"changed, {d.destroyed + d.replaced} destroyed."
    )
    verdict = store.finish(project, d, rendered, summary)
    metrics.deployment_finished(verdict)
    _report(verdict, d, len(d.steps))
