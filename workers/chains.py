"""The chain of Celery tasks that carries one deployment, linked as it runs.

A deployment is prepare, one step per resource, finalize. A static Celery chain
would put every remaining signature in every message, so a deployment's
messages would grow with its template and cost quadratic time to encode and
decode. Instead each task's message names only that task, and the write that
makes a task the next one to run (admission, prepare's start, a step's result)
also enqueues it:

- when the broker is the state Redis (the default), the Lua script of that
  write pushes the task's message onto Celery's queue itself, so progress and
  the next message are one atomic change and no publish can be lost between;
- otherwise (a Redis Cluster for state, or a broker named apart), the message
  is published through Celery after the write, and the reaper publishes again
  whatever a dead process did not.

Arguments are ids and an index only: every task reads what it needs from
Redis, so a redelivered message acts on the current state.
"""

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

from celery import Celery
from celery.utils.nodenames import anon_nodename
from redis import Redis

from formation.settings import Settings
from formation.store import Push
from workers.celery_app import (
    QUEUE,
    TASK_FINALIZE,
    TASK_PREPARE,
    TASK_STEP,
    TASK_STEP_FAILED,
)


@dataclass(frozen=True)
class Link:
    """One task of a deployment's chain: its Celery task name and arguments."""

    task: str
    args: tuple[Any, ...]


def prepare(project: str, deployment_id: str) -> Link:
    return Link(TASK_PREPARE, (project, deployment_id))


def at(project: str, deployment_id: str, index: int, steps: int) -> Link:
    """Step ``index`` of a deployment of ``steps`` steps; finalize after the last."""
    if index >= steps:
        return Link(TASK_FINALIZE, (project, deployment_id))
    return Link(TASK_STEP, (project, deployment_id, index))


class Chains:
    """Sends the links of deployments' chains for one process."""

    def __init__(self, app: Celery, settings: Settings) -> None:
        self.app = app
        # A script can push only onto a queue on its own server.
        self.direct = (
            settings.broker_url == settings.redis_url and not settings.redis_cluster
        )
        self._errback = dict(app.signature(TASK_STEP_FAILED))
        self._origin = anon_nodename()  # the sender, as Celery names it

    def push(self, link: Link) -> Push | None:
        """The message a script should push with its write; None to publish."""
        return Push(QUEUE, self.message(link)) if self.direct else None

    def follow(self, link: Link) -> bool:
        """After a write made ``link`` next: publish it unless the script pushed
        it; True when it published."""
        if self.direct:
            return False
        self.publish(link)
        return True

    def waiting(self, state: Redis) -> int:
        """How many messages wait in the broker's queue for a worker."""
        if self.direct:
            return int(state.llen(QUEUE))
        with self.app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
            declared = conn.default_channel.queue_declare(queue=QUEUE, passive=True)
            return int(declared.message_count)

    def publish(self, link: Link) -> None:
        """Publish through Celery; raises when the broker cannot take it."""
        self.app.send_task(link.task, args=link.args, link_error=self._errback)

    def message(self, link: Link) -> str:
        """The message Celery's Redis transport would put on the queue for ``link``.

        Celery builds the task message (protocol 2, with the errback every
        link carries); the envelope around it is kombu's, as its virtual
        channel writes it for a publish to the default exchange.
        """
        task_id = str(uuid.uuid4())
        made = self.app.amqp.create_task_message(
            task_id,
            link.task,
            link.args,
            {},
            errbacks=[self._errback],
            ignore_result=None,  # as send_task leaves it
            # Ids and an index: plain repr says it all, without saferepr's cost.
            argsrepr=repr(link.args),
            kwargsrepr="{}",
            origin=self._origin,
        )
        body = json.dumps(made.body).encode()
        return json.dumps(
            {
                "body": base64.b64encode(body).decode(),
                "content-encoding": "utf-8",
                "content-type": "application/json",
                "headers": made.headers,
                "properties": {
                    **made.properties,
                    "delivery_mode": 2,
                    "delivery_info": {"exchange": "", "routing_key": QUEUE},
                    "priority": 0,
                    "body_encoding": "base64",
                    "delivery_tag": str(uuid.uuid4()),
                },
            }
        )
