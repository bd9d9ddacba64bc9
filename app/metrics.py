"""The web's Prometheus metrics, served at ``/metrics``.

Counters live in the gunicorn group's multiprocess folder (see
``formation.metrics``); the queue gauges are read from Redis at scrape time.
"""

import logging
from collections.abc import Iterator
from typing import Any

from flask import Response, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.exceptions import RedisError

from app import context
from formation import metrics
from formation.redis_client import connect
from formation.store import Store
from workers.celery_app import QUEUE

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "formation_requests_total",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
ADMISSIONS = Counter(
    "formation_admissions_total",
    "Answers to requests that ask for a deployment, by operation and status "
    "(202 admitted, 403 status forbids, 409 stack held, 429 rate limited, ...).",
    ["operation", "outcome"],
)
# The routes whose requests go through admission, by RFS operation name.
ADMITTING = {
    "stacks.create_stack": "CreateStack",
    "stacks.deploy_stack": "DeployStack",
    "stacks.continue_deploy_stack": "ContinueDeployStack",
    "stacks.continue_rollback_stack": "ContinueRollbackStack",
    "stacks.delete_stack": "DeleteStack",
    "stacks.delete_stack_enhanced": "DeleteStackEnhanced",
}


def count_request(response: Response) -> Response:
    """Flask after-request hook: count the answer by route and, if any, admission.

    Runs for refusals raised by earlier hooks too (401, 429), since Flask's
    error handlers turn them into responses first.
    """
    rule = request.url_rule
    route = rule.rule if rule is not None else "unmatched"
    status = str(response.status_code)
    REQUESTS.labels(route, request.method, status).inc()
    operation = ADMITTING.get(request.endpoint or "")
    if operation:
        ADMISSIONS.labels(operation, status).inc()
    return response


class QueueCollector(Collector):
    """Queue depth and oldest queued deployment, read when Prometheus scrapes."""

    def __init__(self, store: Store, broker: Any) -> None:
        self.store = store
        self.broker = broker

    def collect(self) -> Iterator[Metric]:
        try:
            depth = int(self.broker.llen(QUEUE))
            since = self.store.oldest_queued_ms()
            now = self.store.now_ms()
        except RedisError as exc:
            # Counters stay useful in an outage; only these gauges go missing.
            logger.warning("queue metrics unavailable: %s", exc)
            return
        yield GaugeMetricFamily(
            "formation_queue_depth",
            f"Celery messages waiting in the broker's {QUEUE!r} queue.",
            value=depth,
        )
        yield GaugeMetricFamily(
            "formation_deployment_oldest_wait_seconds",
            "How long the oldest QUEUED deployment has waited since admission "
            "(0 when none waits).",
            value=0 if since is None else max(now - since, 0) / 1000,
        )


def serve() -> Response:
    """``GET /metrics``: every gunicorn worker's counters plus the queue gauges."""
    settings = context.settings()
    broker = connect(settings.broker_url, settings.redis_timeout)
    registry = metrics.registry(QueueCollector(context.store(), broker))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
