"""Every route checks its input the same way, over real HTTP, and writes nothing."""

import json
import socket

import pytest
import redis

from tests.api import Api

ID = "11111111-2222-3333-4444-555555555555"
ROUTES = [
    ("POST", "", {"stack_name": "v"}),
    ("GET", "", None),
    ("GET", "/v/metadata", None),
    ("POST", "/v/deployments", {"template_body": "x"}),
    ("POST", "/v/continuations", None),
    ("GET", "/v/events", None),
    ("GET", "/v/resources", None),
    ("GET", "/v/outputs", None),
    ("GET", "/v/templates", None),
    ("PATCH", "/v", {"description": "d"}),
    ("DELETE", "/v", None),
    ("POST", "/v/deletion", None),
]


def _stack_keys(client: redis.Redis, project: str) -> list[str]:
    found = client.keys(f"fm:{{{project}}}:*")
    return sorted(k for k in found if ":throttle:" not in k)


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_needs_a_client_request_id(
    api: Api, redis_client: redis.Redis, method: str, path: str, body: object
) -> None:
    response = api.call(method, path, body, request_id=None)

    assert response.status_code == 400
    assert response.json()["error_code"] == "RF.10011001"
    assert response.json()["error_msg"].startswith("Client-Request-Id")
    assert response.headers["X-Request-Id"]
    assert _stack_keys(redis_client, api.project) == []


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_refuses_an_unknown_query_parameter(
    api: Api, redis_client: redis.Redis, method: str, path: str, body: object
) -> None:
    response = api.call(method, path, body, params={"colour": "red"})

    if response.status_code == 404:  # routes whose stack is checked first
        pytest.fail(f"{method} {path} looked up the stack before its query")
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "RF.10011002"
    assert "colour" in response.json()["error_msg"]
    assert _stack_keys(redis_client, api.project) == []


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_checks_the_project_id(
    web_url: str, method: str, path: str, body: object
) -> None:
    for project, code in (("ab", "RF.10011006"), ("has_underscore", "RF.10011016")):
        response = Api(web_url, project).call(method, path, body)
        assert response.status_code == 400, (project, response.text)
        assert response.json()["error_code"] == code


@pytest.mark.parametrize(("method", "path", "body"), ROUTES[2:])
def test_every_stack_route_checks_the_stack_name(
    api: Api, method: str, path: str, body: object
) -> None:
    response = api.call(method, path.replace("/v", "/1digit", 1), body)

    assert response.status_code == 400
    assert response.json()["error_code"] == "RF.10011010"
    assert response.json()["error_msg"].startswith("stack_name")


def test_a_chinese_stack_name_works_through_every_read(api: Api) -> None:
    name = "资源栈_demo-1"
    created = api.create(name, 'resource "random_id" "a" {\n  byte_length = 2\n}\n')
    assert created.status_code == 201

    assert api.metadata(name)["stack_name"] == name
    for path in ("/events", "/resources", "/outputs"):
        assert api.call("GET", f"/{name}{path}").status_code == 200
    listed = api.call("GET", "").json()["stacks"]
    assert [s["stack_name"] for s in listed] == [name]


def test_a_query_key_given_twice_is_refused(api: Api) -> None:
    response = api.call("GET", "?limit=10&limit=20")
    assert response.status_code == 400
    assert response.json()["error_code"] == "RF.10011093"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"stack_name": "x", "template_body": "resource {"}, "RF.10011073"),
        (
            {"stack_name": "x", "template_body": 'resource "nope" "a" {}'},
            "RF.10011074",
        ),
        ({"stack_name": "x", "template_body": "", "vars_body": "= ="}, None),
        (
            {
                "stack_name": "x",
                "template_body": 'variable "v" {}\n',
                "vars_body": 'v = "a"\n' * 2 + "x" * 51200,
            },
            "RF.10011141",
        ),
    ],
)
def test_a_bad_template_is_refused_when_the_request_is_made(
    api: Api, redis_client: redis.Redis, body: dict[str, str], code: str | None
) -> None:
    response = api.call("POST", "", body)

    if code is None:
        # An empty template is no template: vars_body is then not read.
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert response.json()["error_code"] == code
    assert _stack_keys(redis_client, api.project) == []


def test_unknown_routes_and_methods_answer_json(api: Api) -> None:
    missing = api.call("GET", "/v/nothing-here")
    wrong = api.call("PUT", "/v")

    assert (missing.status_code, missing.json()["error_code"]) == (404, "RF.10013001")
    assert wrong.status_code == 405
    assert wrong.json()["error_code"].startswith("RF.")


def test_a_body_over_one_mebibyte_is_413(api: Api) -> None:
    big = {"stack_name": "big", "description": "d" * (1024 * 1024)}
    response = api.call("POST", "", big)
    assert response.status_code == 413
    assert response.json()["error_code"].startswith("RF.")


def test_a_body_that_is_not_json_is_415(api: Api) -> None:
    response = api.call(
        "POST", "", data="stack_name=x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415


def test_a_malformed_chunked_body_is_a_400_in_the_json_body(
    web_url: str, project: str
) -> None:
    host, port = web_url.removeprefix("http://").split(":")
    head = (
        f"POST /v1/{project}/stacks/s/continuations HTTP/1.1\r\n"
        f"Host: {host}\r\nContent-Type: application/json\r\n"
        "Client-Request-Id: " + "c" * 36 + "\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head.encode() + b"zz\r\n{}\r\n0\r\n\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk

    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"400", answer[:300]
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error_code"] == "RF.10011033"
