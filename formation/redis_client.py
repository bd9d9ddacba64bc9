"""Redis connections with bounded timeouts, shared by web and worker processes."""

from functools import cache

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from formation.settings import Settings


@cache
def connect(url: str, timeout: float) -> redis.Redis:
    """A client whose every call gives up within a few seconds.

    redis-py retries on lost connections by default (and may re-send a write whose
    reply was lost); every Formation write is a Lua script guarded by state, so a
    re-sent one changes nothing. Few, short retries keep an outage answerable.
    """
    return redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2),
    )


def client(settings: Settings) -> redis.Redis:
    return connect(settings.redis_url, settings.redis_timeout)
