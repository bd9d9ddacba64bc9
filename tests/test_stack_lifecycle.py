"""Create, read, deploy and delete stacks through the HTTP API, with real workers."""

import http.client
import json
import uuid
from pathlib import Path

import pytest
import redis
import requests

from formation import keys
from tests.api import Api
from tests.processes import wait_for

pytestmark = pytest.mark.usefixtures("worker")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

CHAIN = """
resource "random_id" "base" {
  byte_length = 3
}

resource "terraform_data" "middle" {
  input = random_id.base.hex
}

resource "local_file" "top" {
  filename = "chain/top.txt"
  content  = terraform_data.middle.output
}

output "top" {
  value = local_file.top.content
}
"""


@pytest.mark.parametrize("example", ["hello/main.tf", "pause/main.tf.json"])
def test_the_examples_deploy(api: Api, example: str) -> None:
    name = example.split("/")[0]

    created = api.create(name, (EXAMPLES / example).read_text())

    assert created.status_code == 201, created.text
    assert set(created.json()) == {"stack_id", "deployment_id"}
    api.wait_status(name, "DEPLOYMENT_COMPLETE", timeout=30)
    outputs = api.call("GET", f"/{name}/outputs").json()["outputs"]
    assert outputs


def test_sensitive_outputs_and_attributes_are_masked(api: Api) -> None:
    api.create("pause", (EXAMPLES / "pause/main.tf.json").read_text())
    api.wait_status("pause", "DEPLOYMENT_COMPLETE", timeout=30)

    outputs = {
        o["name"]: o for o in api.call("GET", "/pause/outputs").json()["outputs"]
    }
    secret = api.resources("pause")["random_password.secret"]

    assert outputs["secret"]["value"] == "<sensitive>"
    assert outputs["secret"]["sensitive"] is True
    attributes = {a["key"]: a["value"] for a in secret["resource_attributes"]}
    assert attributes["result"] == "<sensitive>"


def test_a_stack_without_template_is_creation_complete(api: Api) -> None:
    created = api.create("empty", description="nothing yet")

    assert created.status_code == 201
    assert set(created.json()) == {"stack_id"}
    meta = api.metadata("empty")
    assert meta["status"] == "CREATION_COMPLETE"
    assert meta["description"] == "nothing yet"
    listed = api.call("GET", "").json()["stacks"]
    assert [s["stack_name"] for s in listed] == ["empty"]


def test_a_second_stack_with_the_same_name_is_409(api: Api) -> None:
    api.create("twin")

    again = api.create("twin")

    assert again.status_code == 409
    assert again.json()["error_code"] == "RF.10013502"


def test_deploy_replaces_the_template_and_deploys_it(api: Api) -> None:
    api.create("grow")

    deployed = api.call("POST", "/grow/deployments", {"template_body": CHAIN})

    assert deployed.status_code == 202, deployed.text
    api.wait_status("grow", "DEPLOYMENT_COMPLETE", timeout=30)
    assert set(api.resources("grow")) == {
        "random_id.base",
        "terraform_data.middle",
        "local_file.top",
    }


def test_delete_destroys_dependents_first_and_the_stack_is_gone(
    api: Api, workspace: Path, redis_client: "redis.Redis"
) -> None:
    api.create("doomed", CHAIN)
    api.wait_status("doomed", "DEPLOYMENT_COMPLETE", timeout=30)
    written = workspace / api.project / "doomed" / "chain" / "top.txt"
    assert written.exists()
    request_id = str(uuid.uuid4())

    deleted = api.call("DELETE", "/doomed", request_id=request_id)
    assert deleted.status_code == 202
    answer = redis_client.hget(keys.request(api.project, request_id), "answer")
    deployment_id = json.loads(answer or "{}")["deployment_id"]
    wait_for(
        lambda: api.call("GET", "/doomed/metadata").status_code == 404, 30, "removal"
    )

    record = redis_client.hgetall(keys.deployment(api.project, deployment_id))
    assert record["status"] == "COMPLETE"
    assert json.loads(record["steps"]) == [
        "local_file.top",
        "terraform_data.middle",
        "random_id.base",
    ]
    assert not written.exists()
    assert api.call("GET", "/doomed/events").status_code == 404
    assert api.call("GET", "").json()["stacks"] == []


@pytest.mark.parametrize(
    ("template", "code", "words"),
    [
        ('resource "random_id" "a" {', "RF.10011073", ""),
        ('resource "nope_thing" "a" {}\n', "RF.10011074", "nope_thing"),
        (
            'resource "terraform_data" "a" {\n  input = random_id.b.hex\n}\n',
            "RF.10011074",
            "random_id.b",
        ),
        (
            'resource "terraform_data" "a" {\n  input = terraform_data.b.output\n}\n'
            'resource "terraform_data" "b" {\n  input = terraform_data.a.output\n}\n',
            "RF.10011074",
            "",
        ),
        (
            'resource "local_file" "a" {\n  filename = "/etc/passwd"\n'
            '  content = "x"\n}\n',
            "RF.10011074",
            "",
        ),
        (
            'resource "local_file" "a" {\n  filename = "../../escape.txt"\n'
            '  content = "x"\n}\n',
            "RF.10011074",
            "",
        ),
    ],
)
def test_a_bad_template_is_refused_at_request_time_and_nothing_is_written(
    api: Api, redis_client: "redis.Redis", template: str, code: str, words: str
) -> None:
    response = api.create("bad", template)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == code
    assert words in response.json()["error_msg"]
    assert redis_client.exists(keys.stack(api.project, "bad")) == 0


def _oversized(api: Api) -> requests.Response:
    """Announce a 2 MiB body and send none: the server must refuse it unread."""
    host, port = api.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("POST", f"/v1/{api.project}/stacks")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Client-Request-Id", str(uuid.uuid4()))
    conn.putheader("Content-Length", str(2 * 1024 * 1024))
    conn.endheaders()
    raw = conn.getresponse()
    response = requests.Response()
    response.status_code = raw.status
    response.headers.update(dict(raw.getheaders()))
    response._content = raw.read()
    conn.close()
    return response


def test_errors_of_the_http_layer_are_json(api: Api) -> None:
    unknown = api.session.get(f"{api.url}/no/such/route")
    wrong_method = api.session.put(f"{api.url}/v1/{api.project}/stacks")
    options = api.session.options(f"{api.url}/v1/{api.project}/stacks")
    not_json = api.call(
        "POST",
        "",
        data=b"a=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    for response, status in (
        (unknown, 404),
        (wrong_method, 405),
        (options, 405),
        (_oversized(api), 413),
        (not_json, 415),
    ):
        assert response.status_code == status
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["X-Request-Id"]
        assert response.json()["error_code"].startswith("RF.")
