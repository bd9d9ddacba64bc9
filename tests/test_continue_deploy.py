"""ContinueDeployStack end to end: real Redis, real gunicorn, real celery worker."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from formation import keys
from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

BLOCKABLE = """
resource "random_id" "first" {
  byte_length = 6
}

resource "random_string" "second" {
  length = 10
}

resource "local_file" "report" {
  filename = "out/report.txt"
  content  = "${random_id.first.hex}-${random_string.second.result}"
}

resource "time_sleep" "after" {
  create_duration = var.pause
  depends_on      = [local_file.report]
}

variable "pause" {
  default = "0s"
}
"""


def _block(workspace: Path, project: str, name: str) -> Path:
    """Put a plain file where local_file.report needs a folder."""
    folder = workspace / project / name
    folder.mkdir(parents=True, exist_ok=True)
    blocker = folder / "out"
    blocker.write_text("in the way")
    return blocker


def _failed_stack(api: Api, workspace: Path, name: str, pause: str = "0s") -> Path:
    blocker = _block(workspace, api.project, name)
    created = api.create(name, BLOCKABLE, vars_body=f'pause = "{pause}"')
    assert created.status_code == 201, created.text
    api.wait_status(name, "DEPLOYMENT_FAILED")
    return blocker


def test_a_failed_deployment_is_continued_at_the_failed_resource(
    api: Api, workspace: Path
) -> None:
    blocker = _failed_stack(api, workspace, "report")

    meta = api.metadata("report")
    assert "local_file.report" in meta["status_message"]
    before = api.resources("report")
    assert before["random_id.first"]["resource_status"] == "CREATION_COMPLETE"
    assert before["local_file.report"]["resource_status"] == "CREATION_FAILED"
    assert "time_sleep.after" not in before
    errors = api.events("report", filter="event_type==ERROR")
    assert len(errors) == 1
    assert "local_file.report" in errors[0]["event_message"]
    failed = api.events("report", filter="event_type==CREATION_FAILED")
    assert [e["resource_name"] for e in failed] == ["report"]

    blocker.unlink()
    continued = api.continue_("report")
    assert continued.status_code == 202, continued.text
    deployment_id = continued.json()["deployment_id"]
    api.wait_status("report", "DEPLOYMENT_COMPLETE")

    after = api.resources("report")
    for address in ("random_id.first", "random_string.second"):
        assert (
            after[address]["physical_resource_id"]
            == before[address]["physical_resource_id"]
        )
    assert after["local_file.report"]["resource_status"] == "CREATION_COMPLETE"
    written = (workspace / api.project / "report" / "out" / "report.txt").read_text()
    first = {
        a["key"]: a["value"] for a in after["random_id.first"]["resource_attributes"]
    }
    assert written.startswith(first["hex"] + "-")

    resumed = api.events("report", deployment_id=deployment_id)
    created = [e for e in resumed if e["event_type"] == "CREATION_COMPLETE"]
    assert sorted(e["resource_name"] for e in created) == ["after", "report"]
    report = next(e for e in created if e["resource_name"] == "report")
    assert report["resource_id_key"] == "id"
    assert (
        report["resource_id_value"]
        == after["local_file.report"]["physical_resource_id"]
    )
    assert isinstance(report["elapsed_seconds"], int)
    assert all(e["event_type"] != "ERROR" for e in resumed)


def test_continue_needs_a_valid_client_request_id(api: Api, workspace: Path) -> None:
    _failed_stack(api, workspace, "ids")

    for request_id in (None, "x" * 35, "x" * 129):
        response = api.continue_("ids", request_id=request_id)
        assert response.status_code == 400, request_id
        assert response.json()["error_code"] in (
            "RF.10011001",
            "RF.10011006",
            "RF.10011005",
        )
        assert response.headers["X-Request-Id"]
    assert api.metadata("ids")["status"] == "DEPLOYMENT_FAILED"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"stack_id": 5}, "RF.10011038"),
        ({"stack_id": "short"}, "RF.10011006"),
        ({"stack_id": "0" * 36, "extra": 1}, "RF.10011002"),
        ({"stack_id": "0" * 36}, "RF.10011015"),
        ([], "RF.10011038"),
    ],
)
def test_continue_refuses_a_bad_body(
    api: Api, workspace: Path, body: object, code: str
) -> None:
    _failed_stack(api, workspace, "body")

    response = api.continue_("body", body)

    assert response.status_code == 400
    assert response.json()["error_code"] == code
    assert api.metadata("body")["status"] == "DEPLOYMENT_FAILED"


def test_continue_refuses_malformed_json_and_bad_path(api: Api) -> None:
    broken = api.call(
        "POST",
        "/x/continuations",
        data="{",
        headers={"Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.json()["error_code"] == "RF.10011033"

    bad_name = api.continue_("9starts-with-digit")
    assert bad_name.status_code == 400
    assert bad_name.json()["error_code"] == "RF.10011010"


def test_continue_accepts_a_matching_stack_id(api: Api, workspace: Path) -> None:
    blocker = _failed_stack(api, workspace, "match")
    blocker.unlink()
    stack_id = api.metadata("match")["stack_id"]

    response = api.continue_("match", {"stack_id": stack_id})

    assert response.status_code == 202
    api.wait_status("match", "DEPLOYMENT_COMPLETE")


def test_continue_of_a_missing_stack_is_404(api: Api) -> None:
    response = api.continue_("nothing-here")
    assert response.status_code == 404
    assert response.json()["error_code"] == "RF.10013001"


OTHER_STATUSES = [
    "CREATION_COMPLETE",
    "DEPLOYMENT_IN_PROGRESS",
    "DEPLOYMENT_COMPLETE",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
    "ROLLBACK_COMPLETE",
    "DELETION_IN_PROGRESS",
    "DELETION_FAILED",
]


@pytest.mark.parametrize("status", OTHER_STATUSES)
def test_continue_is_refused_in_every_other_status(
    api: Api, redis_client: redis.Redis, status: str
) -> None:
    assert api.create("plain").status_code == 201
    redis_client.hset(keys.stack(api.project, "plain"), "status", status)

    response = api.continue_("plain")

    assert response.status_code == 403
    assert response.json()["error_code"] == "RF.10012547"
    assert api.metadata("plain")["status"] == status


def test_continue_is_refused_after_a_complete_deployment(api: Api) -> None:
    api.create("done", 'resource "random_id" "a" {\n  byte_length = 2\n}\n')
    api.wait_status("done", "DEPLOYMENT_COMPLETE")

    response = api.continue_("done")

    assert response.status_code == 403
    assert response.json()["error_code"] == "RF.10012547"


def test_fifty_concurrent_continues_admit_exactly_one(
    api: Api, workspace: Path
) -> None:
    blocker = _failed_stack(api, workspace, "race", pause="3s")
    blocker.unlink()

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda _: api.continue_("race"), range(50)))

    codes = sorted(r.status_code for r in answers)
    assert codes.count(202) == 1, codes
    assert codes.count(409) == 49, codes
    assert {r.json()["error_code"] for r in answers if r.status_code == 409} == {
        "RF.10013503"
    }
    # The 409s came while the continued deployment still held the stack.
    assert api.metadata("race")["status"] == "DEPLOYMENT_IN_PROGRESS"
    api.wait_status("race", "DEPLOYMENT_COMPLETE")


def test_a_step_over_its_soft_time_limit_fails_and_can_be_continued(
    api: Api, workspace: Path
) -> None:
    template = (
        'resource "random_id" "a" {\n  byte_length = 2\n}\n'
        'resource "time_sleep" "slow" {\n  create_duration = "30s"\n'
        "  depends_on = [random_id.a]\n}\n"
    )
    assert api.create("slow", template).status_code == 201
    meta = api.wait_status("slow", "DEPLOYMENT_FAILED", timeout=30)

    assert "soft time limit" in meta["status_message"]
    errors = api.events("slow", filter="event_type==ERROR")
    assert len(errors) == 1
    assert "time_sleep.slow" in errors[0]["event_message"]
    assert "soft time limit" in errors[0]["event_message"]

    again = api.continue_("slow")
    assert again.status_code == 202
    api.wait_status("slow", "DEPLOYMENT_FAILED", timeout=30)
