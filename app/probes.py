"""Probes for orchestrators: ``/healthz`` (alive) and ``/readyz`` (can serve)."""

from functools import cache
from typing import Any

import redis
from flask import Response, jsonify
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.exceptions import RedisClusterException, RedisError
from redis.retry import Retry

from app import context
from app.errors import Unavailable

# A probe must answer before the orchestrator's own timeout (a few seconds).
PING_TIMEOUT = 1.0


def healthz() -> Response:
    """Alive: the process answers; says nothing about Redis or the broker."""
    return jsonify(status="ok")


def readyz() -> Response:
    """Ready: Redis (state) and the broker each answer PING within a second.

    Raises ``Unavailable`` (503, the JSON error body) naming the one that did not.
    """
    settings = context.settings()
    targets = (
        ("state store", settings.redis_url, settings.redis_cluster),
        ("broker", settings.broker_url, False),
    )
    for what, url, cluster in targets:
        try:
            _pinger(url, cluster).ping()
        except (RedisError, RedisClusterException, OSError) as exc:
            raise Unavailable(f"the {what} did not answer PING: {exc}") from exc
    return jsonify(status="ready")


@cache
def _pinger(url: str, cluster: bool) -> Any:
    """A client that tries once: a probe reports, it does not wait out an outage."""
    options: dict[str, Any] = {
        "socket_timeout": PING_TIMEOUT,
        "socket_connect_timeout": PING_TIMEOUT,
    }
    if cluster:
        return RedisCluster.from_url(url, **options)
    return redis.Redis.from_url(url, retry=Retry(NoBackoff(), 0), **options)
