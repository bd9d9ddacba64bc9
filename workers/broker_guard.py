"""A worker survives its broker going away while it holds a task.

With kombu 5.7's Redis transport, when Redis closes its sockets while the
worker runs a task and also waits on the queue (BRPOP) for another, the
consumer's cleanup can detach the transport (``transport.client = None``)
before it has closed the task channel. Closing that channel afterwards
restores its unacked messages through a new connection pool, whose
parameters are read from the detached ``client``: an AttributeError, which
kombu's error filter does not expect, so the worker stops with "Unrecoverable
error" and a process runner such as honcho stops everything else with it.

The guard makes that late restore fail as what it is, a lost connection,
which kombu and Celery already handle: the messages stay in Redis's unacked
set, and kombu restores them once their visibility timeout has passed.
"""

from collections.abc import Callable
from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

_connparams: Callable[..., Any] = kombu_redis.Channel._connparams


def _connparams_of_live_transport(self: Any, asynchronous: bool = False) -> Any:
    transport = self.connection
    if transport is None or transport.client is None:
        raise RedisConnectionError("the channel's broker connection is closed")
    return _connparams(self, asynchronous=asynchronous)


def install() -> None:
    channel = kombu_redis.Channel
    setattr(channel, "_connparams", _connparams_of_live_transport)  # noqa: B010
