"""Fail, continue and complete on a three-primary Redis Cluster.

Every script touches one project's keys, which share a hash slot. Celery's Redis
transport does not speak Cluster, so the broker is a separate plain Redis.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.api import Api
from tests.processes import (
    Process,
    start_redis,
    start_redis_cluster,
    start_web,
    start_worker,
)

TEMPLATE = """
resource "random_id" "first" {
  byte_length = 4
}

resource "local_file" "report" {
  filename = "out/report.txt"
  content  = random_id.first.hex
}
"""


def _project_away_from(url: str) -> str:
    """A project id whose keys live on another node than the one in ``url``.

    So a client that did not speak Cluster would fail with MOVED here.
    """
    node = redis.Redis.from_url(url)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    try:
        mine = [
            (low, high)
            for low, high, primary, *_ in node.execute_command("CLUSTER", "SLOTS")
            if int(primary[1]) == port
        ]
        for i in range(1000):
            project = f"cluster{i}"
            slot = int(node.execute_command("CLUSTER", "KEYSLOT", project))
            if not any(low <= slot <= high for low, high in mine):
                return project
    finally:
        node.close()
    raise AssertionError("every candidate project hashed to the first node")


@pytest.fixture
def cluster_api(tmp_path: Path) -> Iterator[tuple[Api, Path]]:
    nodes, cluster_url = start_redis_cluster(tmp_path)
    broker, broker_url = start_redis(tmp_path)
    workspace = tmp_path / "workspace"
    env = {
        **os.environ,
        "REDIS_URL": cluster_url,
        "FORMATION_REDIS_CLUSTER": "1",
        "CELERY_BROKER_URL": broker_url,
        "FORMATION_WORKSPACE": str(workspace),
    }
    started: list[Process] = [*nodes, broker]
    try:
        started.append(start_worker(env, tmp_path / "worker.log"))
        web, url = start_web(env, tmp_path / "web.log")
        started.append(web)
        yield Api(url, _project_away_from(cluster_url)), workspace
    finally:
        for proc in reversed(started):
            proc.stop()


def test_fail_continue_complete_on_a_redis_cluster(
    cluster_api: tuple[Api, Path],
) -> None:
    api, workspace = cluster_api
    folder = workspace / api.project / "spread"
    folder.mkdir(parents=True)
    (folder / "out").write_text("blocks the folder")

    assert api.create("spread", TEMPLATE).status_code == 201
    api.wait_status("spread", "DEPLOYMENT_FAILED", timeout=30)
    first_id = api.resources("spread")["random_id.first"]["physical_resource_id"]
    (folder / "out").unlink()
    assert api.continue_("spread").status_code == 202
    api.wait_status("spread", "DEPLOYMENT_COMPLETE", timeout=30)

    after = api.resources("spread")
    assert after["random_id.first"]["physical_resource_id"] == first_id
    assert after["local_file.report"]["resource_status"] == "CREATION_COMPLETE"
    assert [s["stack_name"] for s in api.call("GET", "").json()["stacks"]] == ["spread"]
