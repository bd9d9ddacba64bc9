"""Routes that change stacks, under ``/v1/{project_id}/stacks``."""

from typing import Any

from flask import Blueprint, Response, jsonify
from marshmallow import Schema

from app import context, operations, requests, responses, schemas, updates
from app.errors import BadRequest, NotFound
from formation.records import Stack

bp = Blueprint("stacks", __name__, url_prefix="/v1/<project_id>/stacks")

_CREATE = schemas.CreateStack()
_DEPLOY = schemas.DeployStack()
_UPDATE = schemas.UpdateStack()
_REF = schemas.StackRef()
_DELETION = schemas.DeleteStackEnhanced()
_NO_QUERY = schemas.NoQuery()


def answer(schema: Schema, payload: dict[str, Any], status: int) -> Response:
    """``payload`` dumped through its response schema."""
    response = jsonify(schema.dump(payload))
    response.status_code = status
    return response


def existing(project_id: str, stack_name: str, stack_id: str | None) -> Stack:
    """The stack, checked against the caller's ``stack_id``; else 404 or 400."""
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
    requests.query(_NO_QUERY)
    body = requests.body(_CREATE, required=True)
    created = operations.create_stack(project_id, body, request_id)
    return answer(responses.CREATED, created, 201)


@bp.post("/<stack_name>/deployments")
def deploy_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    requests.query(_NO_QUERY)
    body = requests.body(_DEPLOY, required=True)
    accepted = operations.deploy_stack(project_id, stack_name, body, request_id)
    return answer(responses.ACCEPTED, accepted, 202)


@bp.post("/<stack_name>/continuations")
def continue_deploy_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    requests.query(_NO_QUERY)
    body = requests.body(_REF, required=False)
    accepted = operations.continue_deploy_stack(
        project_id, stack_name, body, request_id
    )
    return answer(responses.ACCEPTED, accepted, 202)


@bp.post("/<stack_name>/rollbacks")
def continue_rollback_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    requests.query(_NO_QUERY)
    body = requests.body(_REF, required=False)
    accepted = operations.continue_rollback_stack(
        project_id, stack_name, body, request_id
    )
    return answer(responses.ACCEPTED, accepted, 202)


@bp.patch("/<stack_name>")
def update_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    requests.request_id()
    requests.query(_NO_QUERY)
    body = requests.body(_UPDATE, required=True)
    updates.update_stack(project_id, stack_name, body)
    return Response(status=204)


@bp.delete("/<stack_name>")
def delete_stack(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    query = requests.query(_REF)
    operations.delete_stack(project_id, stack_name, query, request_id)
    return Response(status=202)


@bp.post("/<stack_name>/deletion")
def delete_stack_enhanced(project_id: str, stack_name: str) -> Response:
    requests.path(project_id=project_id, stack_name=stack_name)
    request_id = requests.request_id()
    requests.query(_NO_QUERY)
    body = requests.body(_DELETION, required=False)
    operations.delete_stack(project_id, stack_name, body, request_id)
    return Response(status=202)
