"""Redis connections with bounded timeouts, shared by web and worker processes."""

from functools import cache
from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.cluster import RedisCluster
from redis.retry import Retry

from formation.settings import Settings


@cache
def connect(url: str, timeout: float, cluster: bool = False) -> Any:
    """A client whose every call gives up within a few seconds.

    redis-py retries on lost connections by default (and may re-send a write whose
    reply was lost); every Formation write is a Lua script guarded by state, so a
    re-sent one changes nothing. Few, short retries keep an outage answerable.
    With ``cluster`` the client speaks Redis Cluster: every script touches one
    project's keys, which share a hash slot.
    """
    options: dict[str, Any] = {
        "decode_responses": True,
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2),
    }
    if cluster:
        return RedisCluster.from_url(url, **options)
    return redis.Redis.from_url(url, health_check_interval=30, **options)


def client(settings: Settings) -> Any:
    return connect(settings.redis_url, settings.redis_timeout, settings.redis_cluster)
