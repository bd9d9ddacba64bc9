"""Readiness and Prometheus metrics of real web, worker and beat processes."""

import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.processes import free_port, wait_for

TEMPLATE = """
resource "random_id" "first" {
  byte_length = 4
}

resource "random_string" "second" {
  length = 8
}
"""


def _sample(url: str, name: str, **labels: str) -> float:
    """The value of one sample scraped from ``url`` (0 when it is absent)."""
    text = requests.get(url, timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return 0.0


def test_readiness_answers_503_with_the_error_body_while_redis_is_stopped(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    cluster = make_cluster()
    api = cluster.web()
    ready = requests.get(f"{api.url}/readyz", timeout=5)
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}

    cluster.stop_redis()
    down = requests.get(f"{api.url}/readyz", timeout=5)
    assert down.status_code == 503
    assert down.json()["error_code"] == "RF.10010001"
    assert "PING" in down.json()["error_msg"]
    assert requests.get(f"{api.url}/healthz", timeout=5).status_code == 200

    cluster.start_redis()
    wait_for(
        lambda: requests.get(f"{api.url}/readyz", timeout=5).status_code == 200,
        10,
        "ready again",
    )


def test_metrics_move_after_a_deployment_on_web_worker_and_beat(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    worker_port, beat_port = free_port(), free_port()
    cluster = make_cluster(FORMATION_BEAT_METRICS_PORT=str(beat_port))
    cluster.worker(concurrency=2, FORMATION_METRICS_PORT=str(worker_port))
    cluster.beat()
    api = cluster.web()
    web = f"{api.url}/metrics"
    worker = f"http://127.0.0.1:{worker_port}/metrics"
    create = {"operation": "CreateStack", "outcome": "201"}
    assert _sample(web, "formation_admissions_total", **create) == 0

    assert api.create("observed", TEMPLATE).status_code == 201
    api.wait_status("observed", "DEPLOYMENT_COMPLETE")
    refused = api.continue_("observed")
    assert refused.status_code >= 400

    assert _sample(web, "formation_admissions_total", **create) == 1
    again = {"operation": "ContinueDeployStack", "outcome": str(refused.status_code)}
    assert _sample(web, "formation_admissions_total", **again) == 1
    route = {"route": "/v1/<project_id>/stacks", "method": "POST", "status": "201"}
    assert _sample(web, "formation_requests_total", **route) == 1
    assert _sample(web, "formation_queue_depth") == 0
    assert _sample(web, "formation_deployment_oldest_wait_seconds") == 0
    wait_for(
        lambda: _sample(worker, "formation_deployments_total", status="COMPLETE") == 1,
        10,
        "the worker's deployment count",
    )
    steps = "formation_step_duration_seconds_count"
    assert _sample(worker, steps, resource_type="random_id") == 1
    assert _sample(worker, steps, resource_type="random_string") == 1
    beat = requests.get(f"http://127.0.0.1:{beat_port}/metrics", timeout=5)
    assert beat.status_code == 200


def test_queue_gauges_show_a_deployment_waiting_for_a_worker(
    make_cluster,  # type: ignore[no-untyped-def]
) -> None:
    cluster = make_cluster()
    api = cluster.web()
    web = f"{api.url}/metrics"
    assert api.create("waiting", TEMPLATE).status_code == 201

    assert _sample(web, "formation_queue_depth") >= 1
    wait_for(
        lambda: _sample(web, "formation_deployment_oldest_wait_seconds") > 0.2,
        10,
        "the oldest wait to grow",
    )
