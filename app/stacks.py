"""Routes of the stack API under ``/v1/{project_id}/stacks``."""

from typing import Any

from flask import Blueprint, Response, jsonify

from app import context, events, operations, requests, schemas, views
from app.errors import BadRequest, NotFound
from formation.records import IN_PROGRESS, Stack

bp = Blueprint("stacks", __name__, url_prefix="/v1/<project_id>/stacks")

_CREATE = schemas.CreateStack()
_DEPLOY = schemas.DeployStack()
_REF = schemas.StackRef()
_PAGE = schemas.Page()
_EVENTS = schemas.EventsQuery()


def _accepted(payload: dict[str, Any], status: int = 202) -> Response:
    response = jsonify(payload)
    response.status_code = status
    return response


def _existing(project_id: str, stack_name: str, stack_id: str | None) -> Stack:
    stack = context.store().stack(project_id, stack_name)
    if stack is None:
        raise NotFound("the stack does not exist")
    if stack_id and stack_id != stack.stack_id:
        raise BadRequest(
            "stack_id does not match the stack with this name", "RF.10011015"
        )
    return stack


@bp.post("")
def create_stack(project_id: str) -> Response:
    requests.path(project_id=project_id)
    request_id = requests.request_id()
    body = requests.body(_CREATE, required=True)
    return _accepted(operations.create_stack(project_id, body, request_id), 201)


@bp.get("")
def list_stacks(project_id: str) -> Response:
    requests.path(project_id=project_id)
    requests.request_id()
    query = requests.query(schemas.Page(exclude=("stack_id",)))
    limit = query.get("limit", 1000)
    after = None
    if "marker" in query:
        score, name = views.decode_marker(query["marker"], 2)
        after = (int(score), str(name))
    store = context.store()
    rows = store.stack_page(project_id, after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    stacks = store.stacks(project_id, [name for name, _ in rows])
    marker = views.encode_marker(rows[-1][1], rows[-1][0]) if more else ""
    return jsonify(
        stacks=[views.stack_summary(s) for s in stacks],
        page_info=views.page_info(len(stacks), marker),
    )


@bp.get("/<stack_name>/metadata")
def get_stack_metadata(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_REF)
    stack = _existing(project_id, stack_name, query.get("stack_id"))
    return jsonify(views.stack_metadata(stack))


@bp.post("/<stack_name>/deployments")
def deploy_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    body = requests.body(_DEPLOY, required=True)
    return _accepted(operations.deploy_stack(project_id, stack_name, body, request_id))


@bp.post("/<stack_name>/continuations")
def continue_deploy_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    body = requests.body(_REF, required=False)
    return _accepted(
        operations.continue_deploy_stack(project_id, stack_name, body, request_id)
    )


@bp.delete("/<stack_name>")
def delete_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    query = requests.query(_REF)
    operations.delete_stack(project_id, stack_name, query, request_id)
    return Response(status=202)


@bp.get("/<stack_name>/events")
def list_stack_events(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_EVENTS)
    _existing(project_id, stack_name, query.get("stack_id"))
    store = context.store()
    newest, oldest = "+", "-"
    deployment_id = query.get("deployment_id", "")
    if deployment_id:
        d = store.deployment(project_id, deployment_id)
        if d is None or d.stack_name != stack_name:
            raise NotFound("the deployment does not exist")
        newest, oldest = d.last_event or "-", d.first_event or "+"
    if "marker" in query:
        (after,) = views.decode_marker(query["marker"], 1)
        newest = "(" + str(after)
    found, last = events.page(
        store,
        project_id,
        stack_name,
        newest=newest,
        oldest=oldest,
        deployment_id=deployment_id,
        clauses=events.parse_filter(query.get("filter", "")),
        chosen=events.parse_fields(query.get("field", "")),
        limit=query.get("limit", 1000),
    )
    marker = views.encode_marker(last) if last else ""
    return jsonify(stack_events=found, page_info=views.page_info(len(found), marker))


@bp.get("/<stack_name>/resources")
def list_stack_resources(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_PAGE)
    stack = _existing(project_id, stack_name, query.get("stack_id"))
    found = context.store().resources(project_id, stack_name)
    listed = [views.resource(r, stack.status) for _, r in sorted(found.items())]
    return jsonify(stack_resources=listed, page_info=views.page_info(len(listed), ""))


@bp.get("/<stack_name>/outputs")
def list_stack_outputs(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_PAGE)
    stack = _existing(project_id, stack_name, query.get("stack_id"))
    outputs = (
        []
        if stack.status in IN_PROGRESS
        else context.store().outputs(project_id, stack_name)
    )
    return jsonify(outputs=outputs, page_info=views.page_info(len(outputs), ""))
