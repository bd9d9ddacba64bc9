"""DeployStack plans like a Terraform apply: create, update, replace, destroy."""

from pathlib import Path

import pytest

from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

FIRST = """
resource "random_id" "a" {
  byte_length = 4
}

resource "random_id" "b" {
  byte_length = 4
}

resource "terraform_data" "c" {
  input = "x"
}

resource "terraform_data" "uses_b" {
  input = random_id.b.hex
}
"""


def _ids(api: Api, name: str) -> dict[str, str]:
    return {a: r["physical_resource_id"] for a, r in api.resources(name).items()}


def _deploy(api: Api, name: str, template: str, **extra: object) -> str:
    response = api.call(
        "POST", f"/{name}/deployments", {"template_body": template, **extra}
    )
    assert response.status_code == 202, response.text
    api.wait_status(name, "DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED", timeout=30)
    return str(response.json()["deployment_id"])


def test_a_changed_template_replaces_updates_and_keeps_what_terraform_would(
    api: Api,
) -> None:
    api.create("plan", FIRST)
    api.wait_status("plan", "DEPLOYMENT_COMPLETE")
    before = _ids(api, "plan")

    changed = FIRST.replace(
        'byte_length = 4\n}\n\nresource "random_id" "b"',
        'byte_length = 8\n}\n\nresource "random_id" "b"',
        1,
    )
    changed = changed.replace('input = "x"', 'input = "y"')
    deployment_id = _deploy(api, "plan", changed)

    assert api.metadata("plan")["status"] == "DEPLOYMENT_COMPLETE"
    after = _ids(api, "plan")
    assert after["random_id.a"] != before["random_id.a"]
    assert after["random_id.b"] == before["random_id.b"]
    assert after["terraform_data.c"] == before["terraform_data.c"]
    assert after["terraform_data.uses_b"] == before["terraform_data.uses_b"]
    events = api.events("plan", deployment_id=deployment_id)
    kinds = {(e["event_type"], e.get("resource_name")) for e in events}
    assert ("UPDATE_COMPLETE", "c") in kinds
    assert ("CREATION_COMPLETE", "a") in kinds
    assert all(e.get("resource_name") != "b" for e in events)
    summary = [e for e in events if e["event_type"] == "SUMMARY"]
    assert summary[0]["event_message"].startswith(
        "Apply complete! Resources: 1 added, 1 changed, 1 destroyed."
    )


def test_resources_dropped_from_the_template_are_destroyed_dependents_first(
    api: Api,
) -> None:
    api.create("shrink", FIRST)
    api.wait_status("shrink", "DEPLOYMENT_COMPLETE")

    kept_only_a = 'resource "random_id" "a" {\n  byte_length = 4\n}\n'
    deployment_id = _deploy(api, "shrink", kept_only_a)

    assert set(api.resources("shrink")) == {"random_id.a"}
    destroyed = [
        e["resource_name"]
        for e in reversed(api.events("shrink", deployment_id=deployment_id))
        if e["event_type"] == "DELETION_COMPLETE"
    ]
    assert destroyed.index("uses_b") < destroyed.index("b")
    assert sorted(destroyed) == ["b", "c", "uses_b"]


def test_count_and_for_each_make_one_instance_each(api: Api) -> None:
    template = """
variable "names" {
  type    = set(string)
  default = ["red", "blue"]
}

resource "random_integer" "n" {
  count = 3
  min   = 1
  max   = 100
}

resource "terraform_data" "colour" {
  for_each = var.names
  input    = "${each.key}-${random_integer.n[0].result}"
}

output "colours" {
  value = [for c in terraform_data.colour : c.output]
}
"""
    api.create("many", template)
    api.wait_status("many", "DEPLOYMENT_COMPLETE")

    found = api.resources("many")
    assert set(found) >= {"random_integer.n", "terraform_data.colour"}
    listed = api.call("GET", "/many/resources").json()["stack_resources"]
    keys = sorted((r["logical_resource_name"], r.get("index_key", "")) for r in listed)
    assert keys == [
        ("colour", "blue"),
        ("colour", "red"),
        ("n", "0"),
        ("n", "1"),
        ("n", "2"),
    ]
    outputs = api.call("GET", "/many/outputs").json()["outputs"]
    assert len(outputs) == 1 and "-" in outputs[0]["value"]


def test_ignore_changes_leaves_the_resource_alone(api: Api) -> None:
    template = (
        'resource "terraform_data" "t" {\n  input = "%s"\n'
        "  lifecycle {\n    ignore_changes = [input]\n  }\n}\n"
    )
    api.create("ignore", template % "one")
    api.wait_status("ignore", "DEPLOYMENT_COMPLETE")
    before = _ids(api, "ignore")

    deployment_id = _deploy(api, "ignore", template % "two")

    assert _ids(api, "ignore") == before
    events = api.events("ignore", deployment_id=deployment_id)
    assert not [e for e in events if e["event_type"].startswith("CREATION")]


def test_a_data_source_reads_a_file_of_the_workspace(api: Api, workspace: Path) -> None:
    folder = workspace / api.project / "reader"
    folder.mkdir(parents=True)
    (folder / "input.txt").write_text("from the workspace")
    template = (
        'data "local_file" "given" {\n  filename = "input.txt"\n}\n'
        'resource "terraform_data" "copy" {\n'
        "  input = data.local_file.given.content\n}\n"
        'output "copied" {\n  value = terraform_data.copy.output\n}\n'
    )

    api.create("reader", template)
    api.wait_status("reader", "DEPLOYMENT_COMPLETE")

    outputs = api.call("GET", "/reader/outputs").json()["outputs"]
    assert outputs[0]["value"] == '"from the workspace"'


def test_a_provisioner_is_refused_at_request_time(api: Api) -> None:
    template = (
        'resource "null_resource" "run" {\n'
        '  provisioner "local-exec" {\n    command = "echo hi"\n  }\n}\n'
    )

    response = api.create("exec", template)

    assert response.status_code == 400
    assert "provisioner" in response.json()["error_msg"]


def test_replace_triggered_by_and_create_before_destroy(api: Api) -> None:
    template = """
resource "terraform_data" "version" {
  input = "%s"
}

resource "random_id" "pinned" {
  byte_length = 4
  lifecycle {
    replace_triggered_by  = [terraform_data.version]
    create_before_destroy = true
  }
}

resource "random_id" "free" {
  byte_length = 4
}
"""
    api.create("trigger", template % "v1")
    api.wait_status("trigger", "DEPLOYMENT_COMPLETE")
    before = _ids(api, "trigger")

    deployment_id = _deploy(api, "trigger", template % "v2")

    after = _ids(api, "trigger")
    assert after["random_id.pinned"] != before["random_id.pinned"]
    assert after["random_id.free"] == before["random_id.free"]
    events = api.events("trigger", deployment_id=deployment_id)
    assert any(
        e["event_type"] == "CREATION_COMPLETE"
        and e["resource_name"] == "pinned"
        and "Replacement complete" in e["event_message"]
        for e in events
    )


def test_a_failed_precondition_fails_the_step_and_names_the_rule(api: Api) -> None:
    template = """
variable "size" {
  default = 2
}

resource "random_id" "checked" {
  byte_length = var.size
  lifecycle {
    precondition {
      condition     = var.size >= 4
      error_message = "size must be at least 4 bytes"
    }
  }
}
"""
    api.create("guarded", template)

    meta = api.wait_status("guarded", "DEPLOYMENT_FAILED")

    assert "size must be at least 4 bytes" in meta["status_message"]
    assert "random_id.checked" not in api.resources("guarded") or (
        api.resources("guarded")["random_id.checked"]["resource_status"]
        == "CREATION_FAILED"
    )
