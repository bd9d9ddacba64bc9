"""Requests shaped like the Terraform provider's (Go SDK signer) are accepted.

Its signer signs every header it has except Host, adds X-Project-Id after
signing, sends a JSON body on a GET, and reuses one Client-Request-Id for a
request and all of its polls.
"""

import json
import time
import uuid
from typing import Any

import pytest
import requests

from tests.app import signer
from tests.app.clients import Keys

pytestmark = pytest.mark.usefixtures("worker")

TEMPLATE = 'resource "random_id" "a" {\n  byte_length = 3\n}\n'


class GoStyleClient:
    """Signs as golangsdk does; one Client-Request-Id per Terraform operation.

    The provider makes a new id in each function (create, update, delete, a
    read) and reuses it for that function's retries and polls.
    """

    def __init__(self, url: str, project: str, keys: Keys) -> None:
        self.base = f"{url}/v1/{project}/stacks"
        self.project, self.keys = project, keys
        self.session = requests.Session()
        self.operation()

    def operation(self) -> None:
        self.request_id = str(uuid.uuid4())

    def call(self, method: str, path: str, body: Any = None) -> requests.Response:
        headers = {
            "Accept": "application/json",
            "Client-Request-Id": self.request_id,
            "Content-Type": "application/json",
            "User-Agent": "terraform-provider-iac",
            "X-Language": "en-us",
        }
        prepared = requests.Request(
            method,
            self.base + path,
            data=json.dumps(body) if body is not None else None,
            headers=headers,
        ).prepare()
        signed = [name.lower() for name in headers]
        signer.sign(prepared, self.keys.access_key, self.keys.secret_key, signed=signed)
        assert "host" not in prepared.headers["Authorization"]
        prepared.headers["X-Project-Id"] = self.project
        return self.session.send(prepared, timeout=30)

    def stack(self, stack_id: str) -> dict[str, Any] | None:
        """The provider's read: the first page of ListStacks, by stack_id."""
        response = self.call("GET", "")
        assert response.status_code == 200, response.text
        found = [s for s in response.json()["stacks"] if s["stack_id"] == stack_id]
        return found[0] if found else None

    def wait(self, stack_id: str, *wanted: str | None) -> dict[str, Any] | None:
        deadline = time.monotonic() + 60
        while True:
            stack = self.stack(stack_id)
            status = stack["status"] if stack else None
            if status in wanted:
                return stack
            assert status not in ("DEPLOYMENT_FAILED", "DELETION_FAILED"), stack
            assert time.monotonic() < deadline, stack
            time.sleep(0.2)


def test_a_terraform_shaped_stack_lifecycle_is_accepted(
    signed_url: str, keys: Keys, signed_project: str
) -> None:
    tf = GoStyleClient(signed_url, signed_project, keys)

    created = tf.call(
        "POST",
        "",
        {
            "stack_name": "tf_stack",
            "agencies": [{"provider_name": "huaweicloud", "agency_name": "rf_admin"}],
            "description": "from terraform",
            "template_body": TEMPLATE,
            "enable_auto_rollback": False,
            "enable_deletion_protection": False,
        },
    )
    assert created.status_code == 201, created.text
    stack_id = created.json()["stack_id"]
    tf.wait(stack_id, "DEPLOYMENT_COMPLETE")

    # The deployment's events, asked for with a JSON body on a GET.
    events = tf.call(
        "GET",
        "/tf_stack/events",
        {"stack_id": stack_id, "deployment_id": created.json()["deployment_id"]},
    )
    assert events.status_code == 200, events.text
    assert not [e for e in events.json()["stack_events"] if e["event_type"] == "ERROR"]

    tf.operation()
    update = tf.call(
        "PATCH",
        "/tf_stack",
        {
            "description": "changed",
            "stack_id": stack_id,
            "enable_deletion_protection": False,
            "enable_auto_rollback": False,
            "agencies": [{"provider_name": "huaweicloud", "agency_name": "rf_admin"}],
        },
    )
    assert update.status_code == 204, update.text

    resources = tf.call("GET", f"/tf_stack/resources?stack_id={stack_id}")
    assert resources.json()["stack_resources"][0]["logical_resource_name"] == "a"

    tf.operation()
    deleted = tf.call(
        "POST",
        "/tf_stack/deletion",
        {"stack_id": stack_id, "retain_all_resources": False},
    )
    assert deleted.status_code == 202, deleted.text
    assert tf.wait(stack_id, None) is None


def test_terraform_retries_an_update_while_the_stack_is_busy(
    signed_url: str, keys: Keys, signed_project: str
) -> None:
    tf = GoStyleClient(signed_url, signed_project, keys)
    slow = 'resource "time_sleep" "wait" {\n  create_duration = "1s"\n}\n'
    stack_id = tf.call(
        "POST", "", {"stack_name": "tf_busy", "template_body": slow}
    ).json()["stack_id"]

    tf.operation()
    answers = []
    while True:
        response = tf.call(
            "PATCH", "/tf_busy", {"stack_id": stack_id, "description": "x"}
        )
        answers.append(response.status_code)
        if response.status_code != 403:
            break
        assert response.json()["error_code"] == "RF.10012519"
        time.sleep(0.1)

    assert answers[0] == 403
    assert answers[-1] == 204


def test_paging_with_an_unescaped_marker_as_the_data_source_does(
    signed_url: str, keys: Keys, signed_project: str
) -> None:
    tf = GoStyleClient(signed_url, signed_project, keys)
    for n in range(12):
        tf.operation()
        assert tf.call("POST", "", {"stack_name": f"ds{n:02d}"}).status_code == 201
    tf.operation()

    names, marker = [], ""
    while True:
        page = tf.call("GET", f"?limit=10&marker={marker}" if marker else "?limit=10")
        assert page.status_code == 200, page.text
        names += [s["stack_name"] for s in page.json()["stacks"]]
        marker = page.json()["page_info"].get("next_marker", "")
        if not marker:
            break

    assert sorted(names) == [f"ds{n:02d}" for n in range(12)]
