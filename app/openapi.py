"""The OpenAPI 3 document, generated from the request and response schemas.

Each route is one row of ``OPERATIONS``: the schemas it loads and dumps, its
success status and the errors it can answer. apispec turns the marshmallow
schemas (bounds, patterns, enums, unknown fields refused) into JSON Schema,
so the document and the validation cannot drift apart.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, jsonify
from marshmallow import Schema

from app import responses, schemas

bp = Blueprint("openapi", __name__)

STACKS = "/v1/{project_id}/stacks"
STACK = STACKS + "/{stack_name}"
COMMON_ERRORS = (400, 401, 403, 413, 429, 500, 503)
REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted; the work goes on in the background",
    204: "Updated",
    307: "Redirect to a download link valid for five minutes",
    400: "The request breaks the contract; error_msg names the field",
    401: "Unsigned, stale or wrongly signed (RF.10012001)",
    403: "The stack's status or the caller's rights forbid the call",
    404: "No such stack, deployment or template",
    409: "Another operation holds the stack, or the name is taken",
    413: "The body is larger than 1 MiB",
    414: "The request line is over 8 KiB (the HTTP server's own page)",
    415: "The body is not application/json",
    429: "Too many requests (RF.10014001); see Retry-After",
    500: "Internal error (RF.10010001)",
    503: "The state store is unavailable; retry later",
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    success: int
    answer: type[Schema] | None = None
    body: type[Schema] | None = None
    body_required: bool = True
    query: Schema | None = None
    errors: tuple[int, ...] = (404,)


OPERATIONS = (
    Operation(
        "post",
        STACKS,
        "CreateStack",
        "Create a stack; with a template, deploy it",
        201,
        responses.Created,
        schemas.CreateStack,
        errors=(409, 415),
    ),
    Operation(
        "get",
        STACKS,
        "ListStacks",
        "List stacks, newest first",
        200,
        responses.StackList,
        query=schemas.StacksPage(),
        errors=(),
    ),
    Operation(
        "get",
        STACK + "/metadata",
        "GetStackMetadata",
        "A stack's metadata and status",
        200,
        responses.StackMetadata,
        query=schemas.StackRef(),
    ),
    Operation(
        "post",
        STACK + "/deployments",
        "DeployStack",
        "Replace template and variables, then deploy",
        202,
        responses.Accepted,
        schemas.DeployStack,
        errors=(404, 409, 415),
    ),
    Operation(
        "post",
        STACK + "/continuations",
        "ContinueDeployStack",
        "Resume a failed deployment at the resource that failed",
        202,
        responses.Accepted,
        schemas.StackRef,
        body_required=False,
        errors=(404, 409, 415),
    ),
    Operation(
        "post",
        STACK + "/rollbacks",
        "ContinueRollbackStack",
        "Finish a rollback that failed",
        202,
        responses.Accepted,
        schemas.StackRef,
        body_required=False,
        errors=(404, 409, 415),
    ),
    Operation(
        "get",
        STACK + "/events",
        "ListStackEvents",
        "A stack's events, newest first",
        200,
        responses.EventList,
        query=schemas.EventsQuery(),
    ),
    Operation(
        "get",
        STACK + "/resources",
        "ListStackResources",
        "A stack's resources",
        200,
        responses.ResourceList,
        query=schemas.Page(),
    ),
    Operation(
        "get",
        STACK + "/outputs",
        "ListStackOutputs",
        "A stack's outputs (none while it is being changed)",
        200,
        responses.OutputList,
        query=schemas.Page(),
    ),
    Operation(
        "get",
        STACK + "/templates",
        "GetStackTemplate",
        "Redirect to a short-lived download link of the stack's template",
        307,
        query=schemas.TemplateQuery(),
    ),
    Operation(
        "patch",
        STACK,
        "UpdateStack",
        "Change description, flags or agencies",
        204,
        body=schemas.UpdateStack,
        errors=(404, 415),
    ),
    Operation(
        "delete",
        STACK,
        "DeleteStack",
        "Destroy the stack's resources, then the stack",
        202,
        query=schemas.StackRef(),
    ),
    Operation(
        "post",
        STACK + "/deletion",
        "DeleteStackEnhanced",
        "Delete the stack; retain_all_resources keeps what they made",
        202,
        body=schemas.DeleteStackEnhanced,
        body_required=False,
        errors=(404, 415),
    ),
)


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string"}}


REQUEST_ID = {"X-Request-Id": _header("Identifies this answer in the logs")}


def _responses(op: Operation) -> dict[int, Any]:
    found: dict[int, Any] = {op.success: {"description": REASONS[op.success]}}
    if op.answer is not None:
        found[op.success]["content"] = {"application/json": {"schema": op.answer}}
    found[op.success]["headers"] = dict(REQUEST_ID)
    if op.success == 307:
        found[307]["headers"]["Location"] = _header("The download link")
    for status in sorted({*COMMON_ERRORS, *op.errors}):
        found[status] = {"$ref": f"#/components/responses/E{status}"}
    if op.query is not None:
        found[414] = {"$ref": "#/components/responses/E414"}
    return found


def _parameters(op: Operation) -> list[dict[str, Any]]:
    path_names = ["project_id"] + (["stack_name"] if "{stack_name}" in op.path else [])
    params: list[dict[str, Any]] = [
        {"in": "path", "schema": schemas.Path(only=path_names)},
        {"in": "header", "schema": schemas.ClientRequestId},
    ]
    if op.query is not None:
        params.append({"in": "query", "schema": op.query})
    return params


def _add(spec: APISpec, op: Operation) -> None:
    operation: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "parameters": _parameters(op),
        "responses": _responses(op),
    }
    if op.body is not None:
        operation["requestBody"] = {
            "required": op.body_required,
            "content": {"application/json": {"schema": op.body}},
        }
    spec.path(path=op.path, operations={op.method: operation})


def _error_responses(spec: APISpec) -> None:
    for status in sorted({*COMMON_ERRORS, 404, 409, 415}):
        spec.components.response(
            f"E{status}",
            {
                "description": REASONS[status],
                "headers": dict(REQUEST_ID),
                "content": {"application/json": {"schema": "ErrorBody"}},
            },
        )
    spec.components.response(
        "E414",
        {
            "description": REASONS[414],
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
    )


def _probes(spec: APISpec) -> None:
    """Readiness and Prometheus metrics, for orchestrators and scrapers."""
    spec.path(
        path="/readyz",
        operations={
            "get": {
                "operationId": "Ready",
                "summary": "Redis and the broker answer a PING",
                "responses": {
                    200: {
                        "description": "OK",
                        "content": {"application/json": {"schema": responses.Health}},
                    },
                    503: {"$ref": "#/components/responses/E503"},
                },
            }
        },
    )
    spec.path(
        path="/metrics",
        operations={
            "get": {
                "operationId": "Metrics",
                "summary": "Prometheus metrics of every web process",
                "responses": {
                    200: {
                        "description": "OK",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    )


def _extras(spec: APISpec) -> None:
    """Routes outside the stack API: health, this document, template downloads."""
    spec.path(
        path="/healthz",
        operations={
            "get": {
                "operationId": "Health",
                "responses": {
                    200: {
                        "description": "OK",
                        "content": {"application/json": {"schema": responses.Health}},
                    }
                },
            }
        },
    )
    spec.path(
        path="/openapi.json",
        operations={
            "get": {
                "operationId": "OpenApi",
                "summary": "This document",
                "responses": {
                    200: {
                        "description": "OK",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    )
    spec.path(
        path="/downloads/templates/{token}",
        operations={
            "get": {
                "operationId": "DownloadTemplate",
                "summary": "A template, through a link from GetStackTemplate",
                "parameters": [
                    {
                        "in": "path",
                        "name": "token",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    200: {
                        "description": "The template text",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                    403: {"$ref": "#/components/responses/E403"},
                    404: {"$ref": "#/components/responses/E404"},
                    503: {"$ref": "#/components/responses/E503"},
                },
            }
        },
    )


@cache
def document() -> dict[str, Any]:
    """The OpenAPI document of every route, built once per process."""
    spec = APISpec(
        title="Formation: RFS stack API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        # Signing is optional in the document: without credentials it is off.
        security=[{}, {"sdkHmac": []}],
    )
    spec.components.schema("ErrorBody", schema=responses.ErrorBody)
    spec.components.security_scheme(
        "sdkHmac",
        {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "SDK-HMAC-SHA256 signature with X-Sdk-Date, as the "
            "Huawei Cloud SDKs sign; required when credentials are configured",
        },
    )
    _error_responses(spec)
    for op in OPERATIONS:
        _add(spec, op)
    _extras(spec)
    _probes(spec)
    found = spec.to_dict()
    _require_path_parameters(found)
    return found


def _require_path_parameters(found: dict[str, Any]) -> None:
    # apispec copies ``required`` from the fields; a path parameter always is.
    for item in found["paths"].values():
        for operation in item.values():
            for param in operation.get("parameters", []):
                if param.get("in") == "path":
                    param["required"] = True


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(document())
