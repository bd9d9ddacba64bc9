"""The official SDK (huaweicloudsdkaos' AosClient), unchanged, against Formation.

Signing is on: every call below is signed by the SDK's own signer, with the
Host, Client-Request-Id, Content-Type and X-Project-Id headers it signs.
"""

import re
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from huaweicloudsdkaos.v1 import (
    AosClient,
    ContinueDeployStackRequest,
    ContinueDeployStackRequestBody,
    ContinueRollbackStackRequest,
    ContinueRollbackStackRequestBody,
    CreateStackRequest,
    CreateStackRequestBody,
    DeleteStackEnhancedRequest,
    DeleteStackEnhancedRequestBody,
    DeleteStackRequest,
    DeployStackRequest,
    DeployStackRequestBody,
    GetStackMetadataRequest,
    GetStackTemplateRequest,
    ListStackEventsRequest,
    ListStackOutputsRequest,
    ListStackResourcesRequest,
    ListStacksRequest,
    UpdateStackRequest,
    UpdateStackRequestBody,
    VarsStructure,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

from tests.app.clients import Keys

pytestmark = pytest.mark.usefixtures("worker")

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REPORT = """
resource "random_id" "first" {
  byte_length = 4
}

resource "local_file" "report" {
  filename = "out/report.txt"
  content  = "${var.greeting} ${random_id.first.hex}"
}

variable "greeting" {
  default = "hello"
}

output "id" {
  value = random_id.first.hex
}

output "path" {
  value = local_file.report.filename
}
"""
SMALL = 'resource "random_id" "a" {\n  byte_length = 2\n}\n'


def _client(url: str, keys: Keys, project: str, secret: str = "") -> AosClient:
    credentials = BasicCredentials(keys.access_key, secret or keys.secret_key, project)
    return (
        AosClient.new_builder().with_credentials(credentials).with_endpoint(url).build()
    )


@pytest.fixture
def client(signed_url: str, keys: Keys, signed_project: str) -> AosClient:
    return _client(signed_url, keys, signed_project)


def _rid() -> str:
    return str(uuid.uuid4())


def _status(client: AosClient, name: str) -> str:
    meta = client.get_stack_metadata(GetStackMetadataRequest(_rid(), name))
    return str(meta.status)


def _wait(client: AosClient, name: str, *wanted: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while (status := _status(client, name)) not in wanted:
        assert time.monotonic() < deadline, f"{name} stuck in {status}"
        time.sleep(0.1)
    return status


def _create(client: AosClient, name: str, template: str = "", **kw: Any) -> Any:
    body = CreateStackRequestBody(stack_name=name, template_body=template or None, **kw)
    return client.create_stack(CreateStackRequest(_rid(), body))


def _error(call: Any, *args: Any) -> ClientRequestException:
    with pytest.raises(ClientRequestException) as caught:
        call(*args)
    error = caught.value
    assert UUID.match(error.request_id), error.request_id
    return error


def test_create_list_and_read_a_stack(client: AosClient) -> None:
    created = _create(
        client,
        "sdk-stack",
        REPORT,
        description="made by the SDK",
        vars_structure=[VarsStructure(var_key="greeting", var_value="hi")],
    )

    assert created.status_code == 201
    assert UUID.match(created.stack_id) and UUID.match(created.deployment_id)
    _wait(client, "sdk-stack", "DEPLOYMENT_COMPLETE")
    listed = client.list_stacks(ListStacksRequest(_rid()))
    assert [s.stack_name for s in listed.stacks] == ["sdk-stack"]
    assert listed.page_info.current_count == 1
    meta = client.get_stack_metadata(
        GetStackMetadataRequest(_rid(), "sdk-stack", created.stack_id)
    )
    assert meta.description == "made by the SDK"
    assert meta.vars_structure[0].var_value == "hi"
    assert meta.enable_deletion_protection is False


def test_a_stack_without_a_template_answers_only_its_id(client: AosClient) -> None:
    created = _create(client, "empty")

    assert UUID.match(created.stack_id)
    assert created.deployment_id is None
    assert _status(client, "empty") == "CREATION_COMPLETE"


def test_a_chinese_stack_name_round_trips(client: AosClient) -> None:
    _create(client, "资源栈")
    meta = client.get_stack_metadata(GetStackMetadataRequest(_rid(), "资源栈"))
    assert meta.stack_name == "资源栈"


def test_deploy_then_resources_outputs_and_events(client: AosClient) -> None:
    _create(client, "flow", SMALL)
    _wait(client, "flow", "DEPLOYMENT_COMPLETE")

    deployed = client.deploy_stack(
        DeployStackRequest(_rid(), "flow", DeployStackRequestBody(template_body=REPORT))
    )
    assert deployed.status_code == 202
    _wait(client, "flow", "DEPLOYMENT_COMPLETE")

    resources = client.list_stack_resources(ListStackResourcesRequest(_rid(), "flow"))
    names = sorted(r.logical_resource_name for r in resources.stack_resources)
    assert "report" in names and "first" in names
    outputs = client.list_stack_outputs(ListStackOutputsRequest(_rid(), "flow"))
    assert {o.name: o.value for o in outputs.outputs}["path"] == '"out/report.txt"'
    events = client.list_stack_events(
        ListStackEventsRequest(
            _rid(),
            "flow",
            deployment_id=deployed.deployment_id,
            filter="event_type==SUMMARY",
        )
    )
    assert [e.event_type for e in events.stack_events] == ["SUMMARY"]


def test_events_page_with_marker_and_limit(client: AosClient) -> None:
    many = "".join(
        f'resource "random_id" "r{n}" {{\n  byte_length = 2\n}}\n' for n in range(8)
    )
    _create(client, "paged", many)
    _wait(client, "paged", "DEPLOYMENT_COMPLETE")

    seen, marker = [], None
    while True:
        page = client.list_stack_events(
            ListStackEventsRequest(_rid(), "paged", marker=marker, limit=10)
        )
        seen += page.stack_events
        marker = page.page_info.next_marker
        if not marker:
            break
    every = client.list_stack_events(ListStackEventsRequest(_rid(), "paged"))

    assert len(seen) == len(every.stack_events) > 10
    assert [e.event_message for e in seen] == [
        e.event_message for e in every.stack_events
    ]
    picked = client.list_stack_events(
        ListStackEventsRequest(
            _rid(),
            "paged",
            filter="event_type==CREATION_COMPLETE,resource_name==r3",
            field="resource_name,elapsed_seconds",
        )
    )
    assert len(picked.stack_events) == 1
    assert picked.stack_events[0].resource_name == "r3"
    assert isinstance(picked.stack_events[0].elapsed_seconds, int)
    assert picked.stack_events[0].event_message is None


def test_continue_resumes_a_failed_deployment(
    client: AosClient, workspace: Path, signed_project: str
) -> None:
    folder = workspace / signed_project / "resume"
    folder.mkdir(parents=True)
    (folder / "out").write_text("a file where a folder must go")
    created = _create(client, "resume", REPORT)
    _wait(client, "resume", "DEPLOYMENT_FAILED")
    (folder / "out").unlink()

    continued = client.continue_deploy_stack(
        ContinueDeployStackRequest(
            _rid(),
            "resume",
            ContinueDeployStackRequestBody(stack_id=created.stack_id),
        )
    )

    assert continued.status_code == 202
    assert UUID.match(continued.deployment_id)
    _wait(client, "resume", "DEPLOYMENT_COMPLETE")
    assert (folder / "out" / "report.txt").read_text().startswith("hello ")


def test_continue_without_a_body_is_accepted(
    client: AosClient, workspace: Path, signed_project: str
) -> None:
    folder = workspace / signed_project / "bare"
    folder.mkdir(parents=True)
    (folder / "out").write_text("blocked")
    _create(client, "bare", REPORT)
    _wait(client, "bare", "DEPLOYMENT_FAILED")
    (folder / "out").unlink()

    continued = client.continue_deploy_stack(ContinueDeployStackRequest(_rid(), "bare"))

    assert UUID.match(continued.deployment_id)
    _wait(client, "bare", "DEPLOYMENT_COMPLETE")


SLOW_TO_DESTROY = """
resource "time_sleep" "slow" {
  destroy_duration = "30s"
}

resource "local_file" "report" {
  filename   = "out/report.txt"
  content    = "x"
  depends_on = [time_sleep.slow]
}
"""


def test_a_failed_rollback_is_continued_through_the_sdk(
    client: AosClient, workspace: Path, signed_project: str
) -> None:
    folder = workspace / signed_project / "rewind"
    folder.mkdir(parents=True)
    (folder / "out").write_text("blocks the report")
    created = _create(client, "rewind", SLOW_TO_DESTROY, enable_auto_rollback=True)

    # The rollback destroys time_sleep.slow, whose 30 s destroy outlasts the
    # step's soft time limit: the rollback fails.
    assert _wait(client, "rewind", "ROLLBACK_FAILED", "ROLLBACK_COMPLETE") == (
        "ROLLBACK_FAILED"
    )
    continued = client.continue_rollback_stack(
        ContinueRollbackStackRequest(
            _rid(),
            "rewind",
            ContinueRollbackStackRequestBody(stack_id=created.stack_id),
        )
    )

    assert continued.status_code == 202
    assert UUID.match(continued.deployment_id)
    assert _status(client, "rewind") == "ROLLBACK_IN_PROGRESS"
    refused = _error(
        client.continue_rollback_stack,
        ContinueRollbackStackRequest(_rid(), "rewind"),
    )
    assert refused.status_code == 409
    _wait(client, "rewind", "ROLLBACK_FAILED", "ROLLBACK_COMPLETE")


def test_the_template_link_downloads_the_template(client: AosClient) -> None:
    _create(client, "tpl", SMALL)

    response = client.get_stack_template(GetStackTemplateRequest(_rid(), "tpl"))

    assert response.status_code == 307
    assert requests.get(response.location, timeout=10).text == SMALL
    restricted = client.get_stack_template(
        GetStackTemplateRequest(
            _rid(), "tpl", access_control_source_ips=["127.0.0.1/32", "10.0.0.0/8"]
        )
    )
    assert requests.get(restricted.location, timeout=10).status_code == 200


def test_update_changes_the_basic_information(client: AosClient) -> None:
    _create(client, "upd")

    response = client.update_stack(
        UpdateStackRequest(
            _rid(),
            "upd",
            UpdateStackRequestBody(description="new", enable_deletion_protection=True),
        )
    )

    assert response.status_code == 204
    meta = client.get_stack_metadata(GetStackMetadataRequest(_rid(), "upd"))
    assert (meta.description, meta.enable_deletion_protection) == ("new", True)
    refused = _error(
        client.delete_stack_enhanced,
        DeleteStackEnhancedRequest(_rid(), "upd", DeleteStackEnhancedRequestBody()),
    )
    assert (refused.status_code, refused.error_code) == (403, "RF.10012544")


def test_both_kinds_of_deletion(client: AosClient) -> None:
    first = _create(client, "gone", SMALL)
    _create(client, "kept", SMALL)
    _wait(client, "gone", "DEPLOYMENT_COMPLETE")
    _wait(client, "kept", "DEPLOYMENT_COMPLETE")

    plain = client.delete_stack(DeleteStackRequest(_rid(), "gone", first.stack_id))
    enhanced = client.delete_stack_enhanced(
        DeleteStackEnhancedRequest(
            _rid(), "kept", DeleteStackEnhancedRequestBody(retain_all_resources=True)
        )
    )

    assert (plain.status_code, enhanced.status_code) == (202, 202)
    deadline = time.monotonic() + 30
    while client.list_stacks(ListStacksRequest(_rid())).stacks:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    missing = _error(client.get_stack_metadata, GetStackMetadataRequest(_rid(), "gone"))
    assert (missing.status_code, missing.error_code) == (404, "RF.10013001")


def test_errors_carry_formations_code_message_and_request_id(
    client: AosClient,
) -> None:
    _create(client, "dup")

    exists = _error(_create, client, "dup")
    assert (exists.status_code, exists.error_code) == (409, "RF.10013502")
    bad_name = _error(_create, client, "9nine")
    assert (bad_name.status_code, bad_name.error_code) == (400, "RF.10011010")
    assert "stack_name" in bad_name.error_msg
    nothing = _error(
        client.update_stack,
        UpdateStackRequest(_rid(), "dup", UpdateStackRequestBody()),
    )
    assert nothing.error_code == "RF.10011084"
    no_request_id = _error(client.list_stacks, ListStacksRequest())
    assert no_request_id.error_code == "RF.10011001"
    bad_filter = _error(
        client.list_stack_events,
        ListStackEventsRequest(_rid(), "dup", filter="colour==red"),
    )
    assert bad_filter.error_code == "RF.10011087"
    no_template = _error(
        client.get_stack_template, GetStackTemplateRequest(_rid(), "dup")
    )
    assert (no_template.status_code, no_template.error_code) == (404, "RF.10013023")


def test_a_wrong_secret_key_is_401_through_the_sdk(
    signed_url: str, keys: Keys, signed_project: str
) -> None:
    wrong = _client(signed_url, keys, signed_project, secret="not-the-secret")

    error = _error(wrong.list_stacks, ListStacksRequest(_rid()))

    assert (error.status_code, error.error_code) == (401, "RF.10012001")


def test_another_projects_stacks_are_403_through_the_sdk(
    signed_url: str, keys: Keys, other_keys: Keys
) -> None:
    theirs = other_keys.fresh_project()
    intruder = _client(signed_url, keys, theirs)

    error = _error(intruder.list_stacks, ListStacksRequest(_rid()))

    assert (error.status_code, error.error_code) == (403, "RF.10012507")
