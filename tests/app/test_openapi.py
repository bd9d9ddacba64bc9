"""The OpenAPI document: complete, valid, and true to what the API answers."""

import re
from dataclasses import replace
from typing import Any

import pytest
import requests
import schemathesis

from app import create_app, openapi
from app.config import WebConfig
from formation.settings import Settings
from tests.api import Api


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi.document()


def _flask_routes(redis_url: str) -> set[tuple[str, str]]:
    settings = replace(Settings.from_env(), redis_url=redis_url, broker_url=redis_url)
    app = create_app(settings, WebConfig({}, None, "s", ""))
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((method.lower(), path))
    return found


def test_every_route_is_in_the_document(
    document: dict[str, Any], redis_url: str
) -> None:
    documented = {
        (method, path) for path, item in document["paths"].items() for method in item
    }
    assert documented == _flask_routes(redis_url)


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_dict(document)
    operations = [op.ok() for op in schema.get_all_operations()]
    # /healthz, /readyz, /metrics, /openapi.json and the template download
    assert len(operations) == len(openapi.OPERATIONS) + 5


def test_request_schemas_refuse_unknown_fields_and_keep_the_bounds(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    create = schemas["CreateStack"]

    assert create["additionalProperties"] is False
    assert create["required"] == ["stack_name"]
    assert create["properties"]["stack_name"]["maxLength"] == 128
    assert "\\u4e00" in create["properties"]["stack_name"]["pattern"]
    assert create["properties"]["vars_body"]["maxLength"] == 51200
    assert schemas["StackMetadata"]["additionalProperties"] is False


def test_every_operation_documents_its_errors_and_the_client_request_id(
    document: dict[str, Any],
) -> None:
    for op in openapi.OPERATIONS:
        operation = document["paths"][op.path][op.method]
        names = {p["name"] for p in operation["parameters"]}
        assert "Client-Request-Id" in names
        assert {"400", "401", "403", "429", "500"} <= set(
            map(str, operation["responses"])
        )


def test_the_document_is_served(web_url: str, document: dict[str, Any]) -> None:
    served = requests.get(f"{web_url}/openapi.json", timeout=10)

    assert served.status_code == 200
    assert served.json() == requests.get(f"{web_url}/openapi.json", timeout=10).json()
    assert served.json()["openapi"].startswith("3.")


@pytest.mark.usefixtures("worker")
def test_answers_about_a_deployed_stack_match_the_document(
    api: Api, document: dict[str, Any]
) -> None:
    schema = schemathesis.openapi.from_dict(document)
    template = (
        'resource "random_password" "p" {\n  length = 12\n}\n'
        'resource "random_id" "i" {\n  byte_length = 2\n}\n'
        'output "secret" {\n  value = random_password.p.result\n  sensitive = true\n}\n'
        'output "id" {\n  value = random_id.i.hex\n  description = "the id"\n}\n'
    )
    created = api.create("doc", template, description="documented")
    api.wait_status("doc", "DEPLOYMENT_COMPLETE")
    stack = "/v1/{project_id}/stacks/{stack_name}"

    checks = [
        (created, "POST", "/v1/{project_id}/stacks"),
        (api.call("GET", ""), "GET", "/v1/{project_id}/stacks"),
        (api.call("GET", "/doc/metadata"), "GET", stack + "/metadata"),
        (api.call("GET", "/doc/events"), "GET", stack + "/events"),
        (api.call("GET", "/doc/resources"), "GET", stack + "/resources"),
        (api.call("GET", "/doc/outputs"), "GET", stack + "/outputs"),
        (api.call("GET", "/doc/nothing"), "GET", stack + "/metadata"),
        (api.call("GET", "/missing/metadata"), "GET", stack + "/metadata"),
    ]
    for response, method, path in checks:
        assert response.status_code < 500
        schema[path][method].validate_response(response)
