"""Deployments survive killed, stalled and timed-out workers (real processes)."""

import os
import re
import signal
import time

import pytest

from tests.faults.conftest import pool_children, seconds_since, wait_for_event
from tests.processes import wait_for

SLOW = """
resource "counted" "first" {}

resource "time_sleep" "slow" {
  create_duration = "%s"
  depends_on      = [counted.first]
}
"""


def _errors(api, name):  # type: ignore[no-untyped-def]
    return api.events(name, filter="event_type==ERROR")


def test_a_killed_pool_process_fails_its_deployment_at_once(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster()
    worker = cluster.worker()
    api = cluster.web()
    assert api.create("victim", SLOW % "20s").status_code == 201
    wait_for_event(api, "victim", "CREATION_IN_PROGRESS", "slow")

    start = time.monotonic()
    for pid in pool_children(worker):
        os.kill(pid, signal.SIGKILL)
    meta = api.wait_status("victim", "DEPLOYMENT_FAILED", timeout=15)
    failed_after = seconds_since(start)
    print(f"pool process killed -> deployment failed in {failed_after:.2f}s")

    assert failed_after < 5
    assert "time_sleep.slow" in meta["status_message"]
    assert "lost" in meta["status_message"]
    errors = _errors(api, "victim")
    assert len(errors) == 1
    assert "time_sleep.slow" in errors[0]["event_message"]
    failed = api.events("victim", filter="event_type==CREATION_FAILED")
    assert [e["resource_name"] for e in failed] == ["slow"]
    assert api.continue_("victim").status_code == 202


def test_a_killed_worker_is_reaped_and_its_redelivered_step_does_nothing(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    cluster = make_cluster()
    worker = cluster.worker()
    cluster.beat()
    api = cluster.web()
    assert api.create("orphan", SLOW % "20s").status_code == 201
    wait_for_event(api, "orphan", "CREATION_IN_PROGRESS", "slow")
    delivered = time.monotonic()

    worker.kill_group(signal.SIGKILL)
    meta = api.wait_status("orphan", "DEPLOYMENT_FAILED", timeout=15)
    reaped_after = seconds_since(delivered)
    print(f"worker killed -> deployment failed in {reaped_after:.1f}s")

    assert reaped_after < 2 + 1 + 2  # lease + reaper period + slack
    assert "lease" in meta["status_message"]
    assert "time_sleep.slow" in meta["status_message"]
    before = api.events("orphan")
    assert len([e for e in before if e["event_type"] == "ERROR"]) == 1

    # The step's message is still unacked in the broker: a new worker gets it
    # back once the visibility timeout (12 s) has passed, and must do nothing.
    fresh = cluster.worker()
    ran = re.compile(r"Task formation\.step\[[^]]+\] succeeded")
    wait_for(lambda: ran.search(fresh.output()) is not None, 40, "redelivered step")
    assert "Task formation.finalize[" not in fresh.output()  # nothing enqueued
    assert api.events("orphan") == before
    assert api.metadata("orphan")["status"] == "DEPLOYMENT_FAILED"
    calls = (cluster.workspace / api.project / "orphan" / "calls.log").read_text()
    assert calls.count("counted.first") == 1


def test_a_stalled_worker_cannot_write_after_its_stack_moved_on(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster(
        FORMATION_STEP_SOFT_TIME_LIMIT="20",
        FORMATION_STEP_TIME_LIMIT="25",
        FORMATION_VISIBILITY_TIMEOUT="30",
    )
    stalled = cluster.worker()
    cluster.beat()
    api = cluster.web()
    assert api.create("stall", SLOW % "4s").status_code == 201
    wait_for_event(api, "stall", "CREATION_IN_PROGRESS", "slow")

    stalled.kill_group(signal.SIGSTOP)
    try:
        api.wait_status("stall", "DEPLOYMENT_FAILED", timeout=15)
        cluster.worker()
        continued = api.continue_("stall")
        assert continued.status_code == 202
        deployment_id = continued.json()["deployment_id"]
        wait_for_event(api, "stall", "CREATION_IN_PROGRESS", "slow")
    finally:
        stalled.kill_group(signal.SIGCONT)

    wait_for(lambda: "refused: fenced" in stalled.output(), 20, "fenced write")
    api.wait_status("stall", "DEPLOYMENT_COMPLETE", timeout=30)
    completions = api.events("stall", filter="event_type==CREATION_COMPLETE")
    assert [e["resource_name"] for e in completions].count("slow") == 1
    ours = api.events("stall", deployment_id=deployment_id)
    assert any(
        e["event_type"] == "CREATION_COMPLETE" and e["resource_name"] == "slow"
        for e in ours
    )


def test_a_step_killed_at_its_hard_time_limit_fails_once(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster()
    cluster.worker()
    api = cluster.web()
    template = 'resource "stubborn_sleep" "stuck" {\n  seconds = 60\n}\n'
    assert api.create("stuck", template).status_code == 201

    meta = api.wait_status("stuck", "DEPLOYMENT_FAILED", timeout=30)
    time.sleep(2)  # room for a second errback call, which must change nothing

    assert "hard time limit" in meta["status_message"]
    assert len(_errors(api, "stuck")) == 1
    failed = api.events("stuck", filter="event_type==CREATION_FAILED")
    assert [e["resource_name"] for e in failed] == ["stuck"]


def test_a_deployment_that_waits_too_long_in_the_queue_fails(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster(FORMATION_QUEUE_WAIT_LIMIT="2")
    cluster.beat()
    api = cluster.web()
    assert api.create("queued", SLOW % "1s").status_code == 201

    meta = api.wait_status("queued", "DEPLOYMENT_FAILED", timeout=15)

    assert "waited longer than 2s" in meta["status_message"]
    assert len(_errors(api, "queued")) == 1


def test_a_stack_in_progress_with_no_deployment_is_reset(make_cluster) -> None:  # type: ignore[no-untyped-def]
    from formation import keys

    cluster = make_cluster()
    cluster.beat()
    api = cluster.web()
    assert api.create("ghost").status_code == 201
    cluster.redis.hset(
        keys.stack(api.project, "ghost"), "status", "DEPLOYMENT_IN_PROGRESS"
    )

    start = time.monotonic()
    meta = api.wait_status("ghost", "DEPLOYMENT_FAILED", timeout=10)

    assert seconds_since(start) < 3
    assert "no live deployment" in meta["status_message"]
    assert len(_errors(api, "ghost")) == 1


def test_the_worker_refuses_a_visibility_timeout_below_the_hard_limit(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    import subprocess

    from tests.processes import BIN, ROOT

    cluster = make_cluster()
    env = {**cluster.env, "FORMATION_VISIBILITY_TIMEOUT": "5"}
    done = subprocess.run(
        [str(BIN / "celery"), "-A", "workers", "worker", "--loglevel=INFO"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode != 0
    assert "FORMATION_VISIBILITY_TIMEOUT" in done.stdout + done.stderr


def _admitted_only(cluster, api, name: str, steps: list[str]) -> str:  # type: ignore[no-untyped-def]
    """Admit a stack's first deployment in Redis without publishing its chain."""
    import uuid
    from dataclasses import replace

    from formation.settings import Settings
    from formation.store import Store

    url = cluster.redis_url
    store = Store(cluster.redis, replace(Settings.from_env(), redis_url=url))
    deployment_id = str(uuid.uuid4())
    template = "".join(f'resource "counted" "{s.split(".")[1]}" {{}}\n' for s in steps)
    outcome = store.create_stack(
        api.project,
        name,
        stack_id=str(uuid.uuid4()),
        deployment_id=deployment_id,
        fields={"template": template},
        steps=steps,
        client_request_id=str(uuid.uuid4()),
        fingerprint="f",
        answer={"deployment_id": deployment_id},
    )
    assert outcome.verdict == "ok"
    return deployment_id


def _waiting_since(cluster, api, deployment_id: str, status: str, ago_ms: int) -> None:  # type: ignore[no-untyped-def]
    """Mark a deployment as published once and idle for ``ago_ms``."""
    from formation import keys

    seconds, micros = cluster.redis.time()
    since = seconds * 1000 + micros // 1000 - ago_ms
    cluster.redis.hset(
        keys.deployment(api.project, deployment_id),
        mapping={"status": status, "enqueued": "1", "waiting_since": since},
    )


@pytest.mark.parametrize("how", ["never published", "lost by the broker"])
def test_a_queued_deployment_whose_first_task_went_missing_is_published_again(
    make_cluster,  # type: ignore[no-untyped-def]
    how: str,
) -> None:
    """The web process died between admission and publishing; or the task was
    published and Redis stopped between a worker's BRPOP and kombu's record
    of it as unacked."""
    cluster = make_cluster()
    cluster.worker()
    cluster.beat()
    api = cluster.web()
    deployment_id = _admitted_only(cluster, api, "missing", ["counted.only"])
    if how == "lost by the broker":
        _waiting_since(cluster, api, deployment_id, "QUEUED", 20_000)

    api.wait_status("missing", "DEPLOYMENT_COMPLETE", timeout=30)

    logs = "".join(proc.output() for proc in cluster.procs)
    assert "reaper acted: publish" in logs


def test_a_running_deployment_whose_chain_was_lost_is_resumed_by_the_reaper(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    """As if a step's publish of the next one failed after its result was written."""
    cluster = make_cluster()
    cluster.worker()
    cluster.beat()
    api = cluster.web()
    deployment_id = _admitted_only(
        cluster, api, "stranded", ["counted.one", "counted.two"]
    )
    # Running, its next task published once and lost 20 s ago: past the 12 s
    # visibility timeout of these tests, well within the queue wait limit.
    _waiting_since(cluster, api, deployment_id, "RUNNING", 20_000)

    api.wait_status("stranded", "DEPLOYMENT_COMPLETE", timeout=30)

    logs = "".join(proc.output() for proc in cluster.procs)
    assert "reaper acted: resume" in logs
    calls = (cluster.workspace / api.project / "stranded" / "calls.log").read_text()
    assert sorted(line.split()[0] for line in calls.splitlines()) == [
        "counted.one",
        "counted.two",
    ]


def test_the_reaper_sends_nothing_again_into_a_backlog(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    """A message may only be waiting its turn: a copy would pile up behind it.

    No worker runs, so the queue holds beat's own reap tasks and another
    message; the stalled deployment must get no copy while it does.
    """
    cluster = make_cluster()
    beat = cluster.beat()
    api = cluster.web()
    deployment_id = _admitted_only(cluster, api, "backlog", ["counted.one"])
    _waiting_since(cluster, api, deployment_id, "RUNNING", 20_000)
    cluster.redis.lpush("formation", "another deployment's message")

    time.sleep(3)  # three reaper passes, each past the 12 s visibility timeout

    queued = cluster.redis.lrange("formation", 0, -1)
    assert "reaper acted: resume" not in beat.output()
    assert not [m for m in queued if deployment_id in m]
