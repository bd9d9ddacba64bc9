"""DeleteStack and DeleteStackEnhanced: destroy or retain, and what refuses them."""

import time
from pathlib import Path

import pytest
import redis

from formation import keys
from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

FILE = """
resource "local_file" "note" {
  filename = "kept/note.txt"
  content  = "made by the stack"
}
"""


def _deployed(api: Api, workspace: Path, name: str) -> Path:
    assert api.create(name, FILE).status_code == 201
    api.wait_status(name, "DEPLOYMENT_COMPLETE")
    note = workspace / api.project / name / "kept" / "note.txt"
    assert note.read_text() == "made by the stack"
    return note


def _wait_gone(api: Api, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while api.call("GET", f"/{name}/metadata").status_code != 404:
        assert time.monotonic() < deadline, f"{name} was not deleted"
        time.sleep(0.1)
    listed = api.call("GET", "").json()["stacks"]
    assert name not in [s["stack_name"] for s in listed]


def test_deletion_retaining_resources_removes_the_stack_but_not_what_it_made(
    api: Api, workspace: Path
) -> None:
    note = _deployed(api, workspace, "retain")

    response = api.call("POST", "/retain/deletion", {"retain_all_resources": True})

    assert response.status_code == 202
    assert response.content == b""
    _wait_gone(api, "retain")
    assert note.read_text() == "made by the stack"


def test_deletion_without_retaining_destroys_the_resources(
    api: Api, workspace: Path
) -> None:
    note = _deployed(api, workspace, "destroy")
    stack_id = api.metadata("destroy")["stack_id"]

    body = {"stack_id": stack_id, "retain_all_resources": False}
    assert api.call("POST", "/destroy/deletion", body).status_code == 202

    _wait_gone(api, "destroy")
    assert not note.exists()


def test_deletion_takes_no_body_at_all(api: Api) -> None:
    api.create("bare")
    response = api.call("POST", "/bare/deletion", data=b"")
    assert response.status_code == 202
    _wait_gone(api, "bare")


def test_a_name_can_be_reused_after_a_retaining_deletion(api: Api) -> None:
    first = api.create("again").json()["stack_id"]
    api.call("POST", "/again/deletion", {"retain_all_resources": True})
    _wait_gone(api, "again")

    second = api.create("again")
    assert second.status_code == 201
    assert second.json()["stack_id"] != first


@pytest.mark.parametrize("kind", ["plain", "enhanced"])
def test_deletion_protection_refuses_both_kinds_of_deletion(
    api: Api, kind: str
) -> None:
    api.create("guarded", enable_deletion_protection=True)

    if kind == "plain":
        response = api.call("DELETE", "/guarded")
    else:
        response = api.call("POST", "/guarded/deletion", {"retain_all_resources": True})

    assert response.status_code == 403
    assert response.json()["error_code"] == "RF.10012544"
    assert api.metadata("guarded")["status"] == "CREATION_COMPLETE"


def test_switching_protection_off_allows_deletion(api: Api) -> None:
    api.create("unguard", enable_deletion_protection=True)
    patch = {"enable_deletion_protection": False}
    assert api.call("PATCH", "/unguard", patch).status_code == 204

    assert api.call("POST", "/unguard/deletion", {}).status_code == 202
    _wait_gone(api, "unguard")


def test_deletion_is_refused_while_the_stack_is_busy(
    api: Api, redis_client: redis.Redis
) -> None:
    api.create("working")
    redis_client.hset(
        keys.stack(api.project, "working"), "status", "DEPLOYMENT_IN_PROGRESS"
    )

    response = api.call("POST", "/working/deletion", {})

    assert response.status_code == 403
    assert response.json()["error_code"] == "RF.10012544"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"retain_all_resources": "yes"}, 400, "RF.10011038"),
        ({"retain_all_resources": 1}, 400, "RF.10011038"),
        ({"stack_id": "11111111-2222-3333-4444-555555555555"}, 400, "RF.10011015"),
        ({"force": True}, 400, "RF.10011002"),
    ],
)
def test_a_bad_deletion_request_is_refused_and_keeps_the_stack(
    api: Api, body: object, status: int, code: str
) -> None:
    api.create("keep")

    response = api.call("POST", "/keep/deletion", body)

    assert (response.status_code, response.json()["error_code"]) == (status, code)
    assert api.metadata("keep")["status"] == "CREATION_COMPLETE"


def test_deleting_a_missing_stack_is_404(api: Api) -> None:
    response = api.call("POST", "/absent/deletion", {})
    assert response.status_code == 404
    assert response.json()["error_code"] == "RF.10013001"


def test_a_resource_that_failed_to_be_created_does_not_block_deletion(
    api: Api, workspace: Path
) -> None:
    """Its record holds no attributes: there is nothing to destroy, only to forget."""
    folder = workspace / api.project / "blocked"
    folder.mkdir(parents=True)
    (folder / "kept").write_text("a file where the folder should be")
    assert api.create("blocked", FILE).status_code == 201
    api.wait_status("blocked", "DEPLOYMENT_FAILED")

    assert api.call("DELETE", "/blocked").status_code == 202
    _wait_gone(api, "blocked")
    assert (folder / "kept").read_text() == "a file where the folder should be"
