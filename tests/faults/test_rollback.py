"""A rollback that fails can be continued once its cause is fixed."""

TEMPLATE = """
resource "fragile" "made" {}

resource "local_file" "report" {
  filename   = "out/report.txt"
  content    = "done"
  depends_on = [fragile.made]
}
"""


def test_a_failed_rollback_is_continued_with_continue_rollback_stack(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    cluster = make_cluster()
    cluster.worker()
    api = cluster.web()
    folder = cluster.workspace / api.project / "undo"
    folder.mkdir(parents=True)
    (folder / "out").write_text("blocks the report's folder")
    (folder / "keep-me").write_text("blocks the rollback")

    created = api.create("undo", TEMPLATE, enable_auto_rollback=True)
    assert created.status_code == 201
    meta = api.wait_status("undo", "ROLLBACK_FAILED", "ROLLBACK_COMPLETE", timeout=30)
    assert meta["status"] == "ROLLBACK_FAILED"
    assert "keep-me" in meta["status_message"]
    early = api.call("POST", "/undo/continuations")
    assert early.status_code == 403

    (folder / "keep-me").unlink()
    again = api.call("POST", "/undo/rollbacks")
    assert again.status_code == 202, again.text
    api.wait_status("undo", "ROLLBACK_COMPLETE", timeout=30)

    assert "fragile.made" not in api.resources("undo")
    destroyed = api.events("undo", filter="event_type==DELETION_COMPLETE")
    assert [e["resource_name"] for e in destroyed] == ["made"]
    twice = api.call("POST", "/undo/rollbacks")
    assert twice.status_code == 403
    assert twice.json()["error_code"] == "RF.10012547"
