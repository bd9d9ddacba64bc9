"""Routes that read stacks: metadata, the lists, and the template link.

Reads never look at the Client-Request-Id beyond its form, so a client may
reuse one id for a request and all its polls (Terraform's provider does).
"""

from typing import Any

from flask import Blueprint, Response, jsonify
from marshmallow import Schema

from app import context, downloads, events, requests, responses, schemas, views
from app.errors import NotFound
from app.stacks import existing
from formation.records import IN_PROGRESS

bp = Blueprint("reads", __name__, url_prefix="/v1/<project_id>/stacks")

_REF = schemas.StackRef()
_PAGE = schemas.Page()
_STACKS_PAGE = schemas.StacksPage()
_EVENTS = schemas.EventsQuery()
_TEMPLATE = schemas.TemplateQuery()
DEFAULT_LIMIT = 1000


def _listed(schema: Schema, name: str, items: list[Any], next_marker: str) -> Response:
    payload = {name: items, "page_info": views.page_info(len(items), next_marker)}
    return jsonify(schema.dump(payload))


@bp.get("")
def list_stacks(project_id: str) -> Response:
    requests.path(project_id=project_id)
    requests.request_id()
    query = requests.query(_STACKS_PAGE)
    limit = query.get("limit", DEFAULT_LIMIT)
    after = None
    if "marker" in query:
        name, score = views.decode_marker(query["marker"], "stacks", str, int)
        after = (score, name)

    store = context.store()
    rows = store.stack_page(project_id, after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    stacks = store.stacks(project_id, [name for name, _ in rows])

    marker = views.encode_marker("stacks", *rows[-1]) if more else ""
    summaries = [views.stack_summary(s) for s in stacks]
    return _listed(responses.STACK_LIST, "stacks", summaries, marker)


@bp.get("/<stack_name>/metadata")
def get_stack_metadata(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_REF)
    stack = existing(project_id, stack_name, query.get("stack_id"))
    return jsonify(responses.STACK_METADATA.dump(views.stack_metadata(stack)))


@bp.get("/<stack_name>/events")
def list_stack_events(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_EVENTS)
    clauses = events.parse_filter(query.get("filter", ""))
    chosen = events.parse_fields(query.get("field", ""))
    existing(project_id, stack_name, query.get("stack_id"))

    store = context.store()
    newest, oldest = "+", "-"
    deployment_id = query.get("deployment_id", "")
    if deployment_id:
        d = store.deployment(project_id, deployment_id)
        if d is None or d.stack_name != stack_name:
            raise NotFound("deployment_id: the deployment does not exist")
        newest, oldest = d.last_event or "-", d.first_event or "+"
    if "marker" in query:
        (after,) = views.decode_marker(query["marker"], "events", str)
        newest = "(" + after

    found, last = events.page(
        store,
        project_id,
        stack_name,
        newest=newest,
        oldest=oldest,
        deployment_id=deployment_id,
        clauses=clauses,
        chosen=chosen,
        limit=query.get("limit", DEFAULT_LIMIT),
    )
    marker = views.encode_marker("events", last) if last else ""
    return _listed(responses.EVENT_LIST, "stack_events", found, marker)


@bp.get("/<stack_name>/resources")
def list_stack_resources(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_PAGE)
    stack = existing(project_id, stack_name, query.get("stack_id"))
    limit = query.get("limit", DEFAULT_LIMIT)
    after = ""
    if "marker" in query:
        (after,) = views.decode_marker(query["marker"], "resources", str)

    found = context.store().resources(project_id, stack_name)
    addresses = [a for a in sorted(found) if a > after]
    page = addresses[:limit]

    marker = (
        views.encode_marker("resources", page[-1]) if len(addresses) > limit else ""
    )
    listed = [views.resource(found[a], stack.status) for a in page]
    return _listed(responses.RESOURCE_LIST, "stack_resources", listed, marker)


@bp.get("/<stack_name>/outputs")
def list_stack_outputs(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_PAGE)
    stack = existing(project_id, stack_name, query.get("stack_id"))
    limit = query.get("limit", DEFAULT_LIMIT)
    start = 0
    if "marker" in query:
        (start,) = views.decode_marker(query["marker"], "outputs", int)

    # Outputs of a stack that is being changed may be stale: none are shown.
    outputs = (
        []
        if stack.status in IN_PROGRESS
        else context.store().outputs(project_id, stack_name)
    )
    page = outputs[start : start + limit]

    more = start + limit < len(outputs)
    marker = views.encode_marker("outputs", start + limit) if more else ""
    return _listed(responses.OUTPUT_LIST, "outputs", page, marker)


@bp.get("/<stack_name>/templates")
def get_stack_template(project_id: str, stack_name: str) -> Response:
    """307 to a download link valid for five minutes; 404 without a template."""
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    query = requests.query(_TEMPLATE)
    stack = existing(project_id, stack_name, query.get("stack_id"))
    if not stack.template:
        raise NotFound("the stack has no template", "RF.10013023")

    link = downloads.link(project_id, stack, query.get("access_control_source_ips", []))
    # No body: the SDK parses any body of a success as JSON.
    return Response(status=307, headers={"Location": link})
