"""Auto-rollback: a failed deployment destroys what it created (real workers)."""

from pathlib import Path

import pytest

from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

TEMPLATE = """
resource "random_id" "kept_id" {
  byte_length = 4
}

resource "local_file" "note" {
  filename = "notes/first.txt"
  content  = random_id.kept_id.hex
}

resource "local_file" "report" {
  filename   = "out/report.txt"
  content    = "done"
  depends_on = [local_file.note]
}
"""


def _blocked(workspace: Path, project: str, name: str) -> Path:
    folder = workspace / project / name
    folder.mkdir(parents=True)
    blocker = folder / "out"
    blocker.write_text("in the way")
    return folder


def test_a_failed_deployment_rolls_back_what_it_created(
    api: Api, workspace: Path
) -> None:
    folder = _blocked(workspace, api.project, "undo")

    created = api.create("undo", TEMPLATE, enable_auto_rollback=True)
    assert created.status_code == 201, created.text
    meta = api.wait_status("undo", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED")

    assert meta["status"] == "ROLLBACK_COMPLETE"
    assert not (folder / "notes" / "first.txt").exists()
    left = api.resources("undo")
    assert set(left) == {"local_file.report"}
    assert left["local_file.report"]["resource_status"] == "CREATION_FAILED"
    destroyed = api.events("undo", filter="event_type==DELETION_COMPLETE")
    assert [e["resource_name"] for e in destroyed] == ["kept_id", "note"]
    assert len(api.events("undo", filter="event_type==ERROR")) == 1


def test_without_auto_rollback_the_stack_stays_failed(
    api: Api, workspace: Path
) -> None:
    _blocked(workspace, api.project, "stay")

    api.create("stay", TEMPLATE)
    api.wait_status("stay", "DEPLOYMENT_FAILED")

    assert set(api.resources("stay")) == {
        "random_id.kept_id",
        "local_file.note",
        "local_file.report",
    }
