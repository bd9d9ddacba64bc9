"""Redis outages, failed publishes, retried requests and duplicated deliveries."""

import time
import uuid
from dataclasses import replace

import requests

from formation.settings import Settings
from tests.faults.conftest import seconds_since, wait_for_event
from tests.processes import free_port
from workers import chains
from workers.celery_app import make_celery

BLOCKED = """
resource "counted" "first" {}

resource "local_file" "report" {
  filename   = "out/report.txt"
  content    = "done"
  depends_on = [counted.first]
}
"""


def _failed_stack(cluster, api, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = cluster.workspace / api.project / name
    folder.mkdir(parents=True)
    (folder / "out").write_text("blocks the folder")
    assert api.create(name, BLOCKED).status_code == 201
    api.wait_status(name, "DEPLOYMENT_FAILED", timeout=30)
    (folder / "out").unlink()


def test_a_retried_continue_gets_the_same_answer_and_one_deployment(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    cluster = make_cluster()
    cluster.worker()
    api = cluster.web()
    _failed_stack(cluster, api, "retry")
    request_id = str(uuid.uuid4())

    first = api.continue_("retry", request_id=request_id)
    second = api.continue_("retry", request_id=request_id)
    api.wait_status("retry", "DEPLOYMENT_COMPLETE", timeout=30)
    third = api.continue_("retry", request_id=request_id)
    other = api.continue_("retry", {"stack_id": "0" * 36}, request_id=request_id)

    assert first.status_code == second.status_code == third.status_code == 202
    assert first.json() == second.json() == third.json()
    assert other.status_code == 400
    assert "Client-Request-Id" in other.json()["error_msg"]
    logs = api.events("retry", filter="event_type==LOG")
    accepted = [e for e in logs if "Continue deployment accepted" in e["event_message"]]
    assert len(accepted) == 1


def test_a_failed_publish_answers_500_frees_the_stack_and_a_retry_is_accepted(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    cluster = make_cluster()
    cluster.worker()
    api = cluster.web()
    _failed_stack(cluster, api, "publish")
    dead_broker = f"redis://127.0.0.1:{free_port()}/0"
    broken = cluster.web(CELERY_BROKER_URL=dead_broker)
    broken.project = api.project
    request_id = str(uuid.uuid4())

    refused = broken.continue_("publish", request_id=request_id)

    assert refused.status_code == 500
    assert refused.json()["error_code"] == "RF.10010001"
    meta = api.metadata("publish")
    assert meta["status"] == "DEPLOYMENT_FAILED"
    retried = api.continue_("publish", request_id=request_id)
    assert retried.status_code == 202, retried.text
    api.wait_status("publish", "DEPLOYMENT_COMPLETE", timeout=30)


def test_the_api_answers_503_while_redis_is_down(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster(aof=True)
    api = cluster.web(FORMATION_RATE_LIMIT="1000/10s")
    assert api.create("down").status_code == 201

    cluster.stop_redis()
    start = time.monotonic()
    answer = api.call("GET", "/down/metadata")
    waited = seconds_since(start)
    create = api.create("later")
    # Counted by their admission script, or as they leave when they end
    # before it: neither count may turn the answer into a 500.
    delete = api.call("DELETE", "/down")
    bad_body = api.call("POST", "/down/continuations", {"stack_id": 1})

    assert (delete.status_code, bad_body.status_code) == (503, 400)
    assert answer.status_code == 503
    assert answer.json()["error_code"] == "RF.10010001"
    assert waited < 10
    assert create.status_code == 503
    cluster.start_redis()
    assert api.metadata("down")["status"] == "CREATION_COMPLETE"


def test_every_accepted_deployment_ends_after_redis_restarts(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster(aof=True)
    worker = cluster.worker(concurrency=2)
    cluster.beat()
    api = cluster.web()
    template = (
        'resource "counted" "a" {\n  seconds = 1\n}\n'
        'resource "time_sleep" "b" {\n  create_duration = "2s"\n'
        "  depends_on = [counted.a]\n}\n"
    )
    names = [f"s{i}" for i in range(6)]
    for name in names:
        assert api.create(name, template).status_code == 201

    time.sleep(1)
    cluster.stop_redis()
    time.sleep(2)
    cluster.start_redis()

    final = {"DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED"}
    for name in names:
        meta = _metadata_when_up(api, name, final, timeout=60)
        assert meta["status"] in final
    assert worker.proc.poll() is None, "the worker exited"


def test_a_worker_holding_a_step_survives_a_redis_restart(make_cluster) -> None:  # type: ignore[no-untyped-def]
    """One step running and a free pool slot waiting on the queue when Redis
    goes away: the case in which kombu 5.7 used to take the worker down
    (AttributeError in restore_unacked while it closed its channels)."""
    cluster = make_cluster(aof=True)
    worker = cluster.worker(concurrency=2)
    api = cluster.web()
    slow = 'resource "time_sleep" "slow" {\n  create_duration = "4s"\n}\n'
    assert api.create("before", slow).status_code == 201
    wait_for_event(api, "before", "CREATION_IN_PROGRESS", "slow")

    cluster.stop_redis()
    time.sleep(2)
    cluster.start_redis()
    final = {"DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED"}
    _metadata_when_up(api, "before", final | {"DEPLOYMENT_IN_PROGRESS"}, 30)
    assert api.create("after", 'resource "counted" "a" {}\n').status_code == 201
    api.wait_status("after", "DEPLOYMENT_COMPLETE", timeout=30)

    assert worker.proc.poll() is None, worker.output()[-3000:]
    assert "Unrecoverable error" not in worker.output()


def _metadata_when_up(api, name, final, timeout):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        try:
            response = api.call("GET", f"/{name}/metadata")
            if response.status_code == 200 and response.json()["status"] in final:
                return response.json()
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, f"{name} never reached a final status"
        time.sleep(0.2)


def test_steps_delivered_twice_call_each_provider_once(make_cluster) -> None:  # type: ignore[no-untyped-def]
    cluster = make_cluster()
    cluster.worker(concurrency=2)
    cluster.worker(concurrency=2)
    api = cluster.web()
    template = "".join(f'resource "counted" "r{i}" {{}}\n' for i in range(200))

    created = api.create("twice", template)
    assert created.status_code == 201
    deployment_id = created.json()["deployment_id"]
    # Every task of the deployment a second time, as a redelivery of each message.
    url = cluster.redis_url
    settings = replace(Settings.from_env(), redis_url=url, broker_url=url)
    again = chains.Chains(make_celery(settings), settings)
    again.publish(chains.prepare(api.project, deployment_id))
    for index in range(201):
        again.publish(chains.at(api.project, deployment_id, index, 200))
    api.wait_status("twice", "DEPLOYMENT_COMPLETE", timeout=120)

    calls = (cluster.workspace / api.project / "twice" / "calls.log").read_text()
    addresses = [line.split()[0] for line in calls.splitlines()]
    assert len(addresses) == 200
    assert len(set(addresses)) == 200
    done = api.events("twice", filter="event_type==CREATION_COMPLETE")
    assert len(done) == 200
