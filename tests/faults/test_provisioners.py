"""local-exec provisioners, on a Formation whose operator enabled them."""

TEMPLATE = """
resource "null_resource" "run" {
  triggers = {
    name = "first"
  }

  provisioner "local-exec" {
    command = "echo \\"$GREETING\\" > hello.txt"
    environment = {
      GREETING = "hi ${self.id}"
    }
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo bye > gone.txt"
  }
}
"""

FAILING = """
resource "null_resource" "tolerated" {
  provisioner "local-exec" {
    command    = "exit 4"
    on_failure = continue
  }
}

resource "null_resource" "bad" {
  provisioner "local-exec" {
    command = "echo broken; exit 3"
  }
  depends_on = [null_resource.tolerated]
}
"""


def test_create_and_destroy_provisioners_run_in_the_workspace(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster(FORMATION_ALLOW_LOCAL_EXEC="1")
    cluster.worker()
    api = cluster.web(FORMATION_ALLOW_LOCAL_EXEC="1")
    folder = cluster.workspace / api.project / "exec"

    assert api.create("exec", TEMPLATE).status_code == 201
    api.wait_status("exec", "DEPLOYMENT_COMPLETE", timeout=30)
    made = api.resources("exec")["null_resource.run"]["physical_resource_id"]
    assert (folder / "hello.txt").read_text() == f"hi {made}\n"

    assert api.call("DELETE", "/exec").status_code == 202
    wait = api.call("GET", "/exec/metadata")
    while wait.status_code == 200:
        wait = api.call("GET", "/exec/metadata")
    assert (folder / "gone.txt").read_text() == "bye\n"


def test_a_failing_command_fails_the_step_unless_told_to_continue(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster(FORMATION_ALLOW_LOCAL_EXEC="1")
    cluster.worker()
    api = cluster.web(FORMATION_ALLOW_LOCAL_EXEC="1")

    assert api.create("fails", FAILING).status_code == 201
    meta = api.wait_status("fails", "DEPLOYMENT_FAILED", timeout=30)

    assert "null_resource.bad" in meta["status_message"]
    assert "exited with status 3" in meta["status_message"]
    assert "broken" in meta["status_message"]
    tolerated = api.resources("fails")["null_resource.tolerated"]
    assert tolerated["resource_status"] == "CREATION_COMPLETE"
