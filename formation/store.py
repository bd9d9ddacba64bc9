"""Stack state in Redis: every read and every fenced write of web and workers.

Writes go through the Lua scripts in ``formation/lua``; each script checks the
state it changes first, so calling one twice (a redelivered task, a command
re-sent by the client after a lost reply) changes nothing the second time.
"""

import json
from dataclasses import dataclass
from typing import Any, cast

import redis

from formation import keys
from formation.records import Deployment, Event, Resource, Stack
from formation.scripts import Scripts
from formation.settings import Settings


@dataclass(frozen=True)
class Outcome:
    """What an admission script answered: ``ok``, ``replay`` or a refusal."""

    verdict: str
    detail: str = ""

    @property
    def accepted(self) -> bool:
        return self.verdict in ("ok", "replay")


def _outcome(reply: Any) -> Outcome:
    return Outcome(str(reply[0]), str(reply[1]) if len(reply) > 1 else "")


@dataclass(frozen=True)
class Rate:
    """A request to count: its caller's rate-limit key and the limit."""

    key: str
    requests: int
    window_ms: int


@dataclass(frozen=True)
class Push:
    """A broker message that a script pushes onto ``queue`` with its write."""

    queue: str
    message: str


def _push(then: Push | None, placeholder: str) -> tuple[str, str]:
    """The queue key and message arguments of a script; with nothing to push,
    a key of the script's own slot stands in (a Cluster refuses any other)."""
    return (then.queue, then.message) if then else (placeholder, "")


class Store:
    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self.redis = client
        self.settings = settings
        self.scripts = Scripts(client)

    def _run(self, name: str, keys_: list[str], args: list[object]) -> Any:
        return self.scripts.run(name, keys_, args)

    # Reads ---------------------------------------------------------------

    def stack(self, project: str, name: str) -> Stack | None:
        h = cast(dict[str, str], self.redis.hgetall(keys.stack(project, name)))
        return Stack.from_hash(h) if h else None

    def stack_page(
        self, project: str, after: tuple[int, str] | None, count: int
    ) -> list[tuple[str, int]]:
        """Up to ``count`` (name, created ms), newest first, strictly after ``after``.

        Positions are by (creation time, name), so a page boundary stays put while
        stacks are created or deleted elsewhere in the list.
        """
        key = keys.stack_names(project)
        if after is None:
            rows = self.redis.zrevrange(key, 0, count - 1, withscores=True)
            return [(str(n), int(s)) for n, s in cast(list[tuple[str, float]], rows)]
        score, name = after
        # Members sharing a score come in reverse name order; skip up to ``name``.
        found = self.redis.zrevrangebyscore(
            key, score, "-inf", start=0, num=count + 64, withscores=True
        )
        page = cast(list[tuple[str, float]], found)
        later = [(n, int(s)) for n, s in page if int(s) < score or n < name]
        return later[:count]

    def stacks(self, project: str, names: list[str]) -> list[Stack]:
        pipe = self.redis.pipeline(transaction=False)
        for name in names:
            pipe.hgetall(keys.stack(project, name))
        return [Stack.from_hash(h) for h in pipe.execute() if h]

    def deployment(self, project: str, deployment_id: str) -> Deployment | None:
        h = cast(
            dict[str, str], self.redis.hgetall(keys.deployment(project, deployment_id))
        )
        return Deployment.from_hash(h) if h else None

    def resources(self, project: str, name: str) -> dict[str, Resource]:
        raw = cast(dict[str, str], self.redis.hgetall(keys.resources(project, name)))
        return {address: Resource.from_json(v) for address, v in raw.items()}

    def resource_addresses(self, project: str, name: str) -> list[str]:
        return [str(a) for a in self.redis.hkeys(keys.resources(project, name))]

    def outputs(self, project: str, name: str) -> list[dict[str, Any]]:
        raw = self.redis.get(keys.outputs(project, name))
        return list(json.loads(raw)) if raw else []

    def events(
        self, project: str, name: str, newest: str, oldest: str, count: int
    ) -> list[tuple[str, dict[str, str]]]:
        """Up to ``count`` stream entries from ``newest`` back to ``oldest``."""
        found = self.redis.xrevrange(keys.events(project, name), newest, oldest, count)
        return cast(list[tuple[str, dict[str, str]]], found)

    # Admission (web) -----------------------------------------------------

    def create_stack(
        self,
        project: str,
        name: str,
        *,
        stack_id: str,
        deployment_id: str,
        fields: dict[str, str],
        steps: list[str],
        client_request_id: str,
        fingerprint: str,
        answer: dict[str, str],
        then: Push | None = None,
    ) -> Outcome:
        """Create a stack and admit its first deployment when it has a template.

        Writes the stack hash, the name index, the deployment record, one LOG
        event and the request record, and pushes ``then`` (the deployment's
        first task). Idempotent per ``client_request_id``.
        """
        self.redis.sadd(keys.projects(), project)
        queue, message = _push(then, keys.deployment(project, deployment_id))
        reply = self._run(
            "create",
            [
                keys.stack(project, name),
                keys.stack_names(project),
                keys.request(project, client_request_id),
                keys.deployment(project, deployment_id),
                keys.events(project, name),
                keys.active(project),
                keys.epoch_counter(project),
                queue,
            ],
            [
                name,
                stack_id,
                deployment_id,
                fingerprint,
                self.settings.request_ttl,
                self.settings.event_retention,
                json.dumps(steps),
                json.dumps([x for kv in fields.items() for x in kv]),
                client_request_id,
                json.dumps(answer),
                message,
            ],
        )
        return _outcome(reply)

    def admit(
        self,
        project: str,
        name: str,
        *,
        op: str,
        deployment_id: str,
        expected_stack_id: str,
        allowed: tuple[str, ...],
        new_status: str,
        steps: list[str] | None,
        note: str,
        fields: dict[str, str],
        client_request_id: str,
        fingerprint: str,
        seen_epoch: int | None,
        answer: dict[str, str],
        guard_protection: bool = False,
        then: Push | None = None,
        rate: Rate | None = None,
    ) -> Outcome:
        """Take the stack for a new deployment, or say why not.

        On success bumps the epoch, writes the deployment record (QUEUED), sets
        ``new_status`` and the holder, appends a LOG event, remembers the
        request and pushes ``then`` (the deployment's first task). ``seen_epoch``
        guards a step list computed from what was read; ``steps`` None leaves
        the steps to the deployment's prepare task. ``rate`` counts the request
        against its limit first ('throttled', with the ms to wait).
        """
        queue, message = _push(then, keys.deployment(project, deployment_id))
        throttle = rate.key if rate else keys.stack(project, name)
        reply = self._run(
            "admit",
            [
                keys.stack(project, name),
                keys.request(project, client_request_id),
                keys.deployment(project, deployment_id),
                keys.events(project, name),
                keys.active(project),
                keys.epoch_counter(project),
                queue,
                throttle,
            ],
            [
                op,
                deployment_id,
                expected_stack_id,
                " ".join(allowed),
                new_status,
                fingerprint,
                self.settings.request_ttl,
                self.settings.event_retention,
                json.dumps(steps or []),
                note,
                json.dumps([x for kv in fields.items() for x in kv]),
                client_request_id,
                "" if seen_epoch is None else str(seen_epoch),
                json.dumps(answer),
                "1" if guard_protection else "0",
                message,
                "0" if steps is None else "1",
                rate.requests if rate else "",
                rate.window_ms if rate else "",
            ],
        )
        return _outcome(reply)

    # Deployment transitions (workers) -------------------------------------

    def begin(
        self,
        project: str,
        d: Deployment,
        note: str,
        steps: list[str] | None = None,
        then: Push | None = None,
    ) -> str:
        """Start a queued deployment ('ok', 'again' or 'fenced'); ``steps``
        records the steps prepare computed, ``then`` is pushed on 'ok'."""
        queue, message = _push(then, keys.deployment(project, d.id))
        return str(
            self._run(
                "begin",
                [
                    keys.stack(project, d.stack_name),
                    keys.deployment(project, d.id),
                    keys.events(project, d.stack_name),
                    queue,
                ],
                [
                    d.id,
                    d.epoch,
                    self.settings.event_retention,
                    note,
                    "" if steps is None else json.dumps(steps),
                    message,
                ],
            )
        )

    def _step_keys(self, project: str, d: Deployment, queue: str) -> list[str]:
        return [
            keys.stack(project, d.stack_name),
            keys.deployment(project, d.id),
            keys.events(project, d.stack_name),
            keys.lease(project, d.id),
            keys.resources(project, d.stack_name),
            queue,
        ]

    def step_view(
        self, project: str, d: Deployment, addresses: list[str]
    ) -> tuple[dict[str, str], dict[str, Resource]]:
        """In one round trip: where the deployment stands (its stack's
        ``holder`` and ``epoch``, its own ``status``, ``cursor`` and ``claimed``)
        and the records of ``addresses`` that exist.

        A read, not a guard: the claim script checks the same fields again.
        """
        pipe = self.redis.pipeline(transaction=False)
        pipe.hmget(keys.stack(project, d.stack_name), "holder", "epoch")
        pipe.hmget(keys.deployment(project, d.id), "status", "cursor", "claimed")
        pipe.hmget(keys.resources(project, d.stack_name), addresses)
        (holder, epoch), (status, cursor, claimed), found = pipe.execute()
        where = {
            "holder": holder or "",
            "epoch": epoch or "",
            "status": status or "",
            "cursor": cursor or "",
            "claimed": claimed or "",
        }
        records = {
            a: Resource.from_json(str(raw))
            for a, raw in zip(addresses, found, strict=True)
            if raw is not None
        }
        return where, records

    def claim(
        self,
        project: str,
        d: Deployment,
        index: int,
        *,
        config_hash: str,
        mode: str,
        event: Event,
        then: Push | None = None,
    ) -> str:
        """Claim step ``index``: 'ok', 'skip' (``then`` pushed), 'duplicate'
        or 'fenced'."""
        queue, message = _push(then, keys.deployment(project, d.id))
        return str(
            self._run(
                "claim",
                self._step_keys(project, d, queue),
                [
                    d.id,
                    d.epoch,
                    index,
                    d.address(index),
                    int(self.settings.lease_seconds * 1000),
                    config_hash,
                    mode,
                    self.settings.event_retention,
                    event.to_json(),
                    message,
                ],
            )
        )

    def renew(self, project: str, d: Deployment) -> bool:
        reply = self._run(
            "renew",
            [keys.stack(project, d.stack_name), keys.lease(project, d.id)],
            [d.id, d.epoch, int(self.settings.lease_seconds * 1000)],
        )
        return bool(reply)

    def complete(
        self,
        project: str,
        d: Deployment,
        index: int,
        resource: Resource | None,
        event: Event,
        counter: str = "",
        then: Push | None = None,
    ) -> str:
        """Record a claimed step's result and push ``then`` ('ok'), or
        refuse ('duplicate', 'fenced')."""
        queue, message = _push(then, keys.deployment(project, d.id))
        return str(
            self._run(
                "complete",
                self._step_keys(project, d, queue),
                [
                    d.id,
                    d.epoch,
                    index,
                    d.address(index),
                    resource.to_json() if resource else "",
                    self.settings.event_retention,
                    event.to_json(),
                    counter,
                    message,
                ],
            )
        )

    def fail(
        self,
        project: str,
        stack_name: str,
        deployment_id: str,
        reason: str,
        *,
        failed_status: str = "DEPLOYMENT_FAILED",
        resource: Resource | None = None,
        event: Event | None = None,
        client_request_id: str = "",
        rollback_id: str = "",
        rollback_steps: list[str] | None = None,
        then: Push | None = None,
    ) -> str:
        """End a deployment as failed; idempotent (see ``fail_deployment`` in
        ``lua/prelude.lua``).

        ``client_request_id`` forgets the request record too, so a retry of a
        request whose work was never enqueued is admitted afresh. With
        ``rollback_id``, a stack that has auto-rollback on is handed to a new
        rollback deployment with ``rollback_steps`` ('rolling_back'), whose first
        task ``then`` is pushed.
        """
        queue, message = _push(then, keys.deployment(project, deployment_id))
        return str(
            self._run(
                "fail",
                [
                    keys.stack(project, stack_name),
                    keys.deployment(project, deployment_id),
                    keys.events(project, stack_name),
                    keys.lease(project, deployment_id),
                    keys.active(project),
                    keys.resources(project, stack_name),
                    keys.request(project, client_request_id),
                    keys.deployment(project, rollback_id or "none"),
                    keys.epoch_counter(project),
                    queue,
                ],
                [
                    deployment_id,
                    reason,
                    self.settings.event_retention,
                    failed_status,
                    resource.address if resource else "",
                    resource.to_json() if resource else "",
                    event.to_json() if event else "",
                    "1" if client_request_id else "0",
                    rollback_id,
                    json.dumps(rollback_steps or []),
                    message,
                ],
            )
        )

    def finish(
        self,
        project: str,
        d: Deployment,
        outputs: list[dict[str, Any]] | None,
        summary: str,
        final_status: str = "DEPLOYMENT_COMPLETE",
    ) -> str:
        """Complete a deployment whose steps are all done and free the stack.

        ``outputs`` None keeps the stack's outputs as they are.
        """
        return str(
            self._run(
                "finish",
                [
                    keys.stack(project, d.stack_name),
                    keys.deployment(project, d.id),
                    keys.events(project, d.stack_name),
                    keys.lease(project, d.id),
                    keys.active(project),
                    keys.outputs(project, d.stack_name),
                ],
                [
                    d.id,
                    d.epoch,
                    "" if outputs is None else json.dumps(outputs),
                    self.settings.event_retention,
                    summary,
                    final_status,
                ],
            )
        )

    def remove(self, project: str, d: Deployment) -> str:
        """Delete a stack whose deletion destroyed every resource."""
        return str(
            self._run(
                "remove",
                [
                    keys.stack(project, d.stack_name),
                    keys.deployment(project, d.id),
                    keys.lease(project, d.id),
                    keys.active(project),
                    keys.resources(project, d.stack_name),
                    keys.events(project, d.stack_name),
                    keys.outputs(project, d.stack_name),
                    keys.stack_names(project),
                ],
                [d.id, d.epoch, d.stack_name],
            )
        )

    def mark_enqueued(self, project: str, deployment_id: str) -> None:
        """Note that the deployment's chain reached the broker."""
        self.redis.hset(keys.deployment(project, deployment_id), "enqueued", "1")

    def was_enqueued(self, project: str, deployment_id: str) -> bool:
        key = keys.deployment(project, deployment_id)
        return self.redis.hget(key, "enqueued") == "1"

    # Reaper ----------------------------------------------------------------

    def reap(
        self, project: str, deployment_id: str, queue_empty: bool
    ) -> tuple[str, str]:
        """Judge one active deployment by its lease and queue wait (reap.lua)."""
        found = self.redis.hget(keys.deployment(project, deployment_id), "stack_name")
        name = cast(str | None, found)
        if name is None:
            self.redis.zrem(keys.active(project), deployment_id)
            return "gone", ""
        reply = self._run(
            "reap",
            [
                keys.stack(project, name),
                keys.deployment(project, deployment_id),
                keys.events(project, name),
                keys.lease(project, deployment_id),
                keys.active(project),
                keys.resources(project, name),
            ],
            [
                deployment_id,
                int(self.settings.queue_wait_limit * 1000),
                self.settings.event_retention,
                int(self.settings.lease_seconds * 1000),
                int(self.settings.visibility_timeout * 1000),
                "1" if queue_empty else "0",
            ],
        )
        return str(reply[0]), str(reply[1]) if len(reply) > 1 else ""

    def repair(self, project: str, name: str, deployment_id: str) -> str:
        """Reset a stack that claims work in progress with no live deployment."""
        return str(
            self._run(
                "repair",
                [
                    keys.stack(project, name),
                    keys.deployment(project, deployment_id or "none"),
                    keys.events(project, name),
                ],
                [self.settings.event_retention],
            )
        )

    # Stack information, rate limits, clock (web) ---------------------------

    def update_stack(
        self, project: str, name: str, expected_stack_id: str, fields: dict[str, str]
    ) -> Outcome:
        """Overwrite the given fields of a stack unless it is busy (update.lua).

        Writes the stack hash (``fields`` and ``update_time``) and nothing else;
        idempotent, since it sets values instead of changing them.
        """
        reply = self._run(
            "update",
            [keys.stack(project, name)],
            [expected_stack_id, json.dumps([x for kv in fields.items() for x in kv])],
        )
        return _outcome(reply)

    def throttle(self, rate: Rate) -> int:
        """Count one request: 0 if admitted, else the ms to wait."""
        reply = self._run("throttle", [rate.key], [rate.requests, rate.window_ms])
        return int(reply)

    def oldest_queued_ms(self) -> int | None:
        """Acceptance time (ms) of the oldest QUEUED deployment of any project.

        Reads each project's active set oldest first; None when nothing waits.
        """
        oldest: int | None = None
        for project in map(str, self.redis.sscan_iter(keys.projects())):
            rows = self.redis.zrange(keys.active(project), 0, -1, withscores=True)
            active = cast(list[tuple[str, float]], rows)
            pipe = self.redis.pipeline(transaction=False)
            for deployment_id, _ in active:
                pipe.hget(keys.deployment(project, deployment_id), "status")
            for (_, score), status in zip(active, pipe.execute(), strict=True):
                if status == "QUEUED":
                    oldest = int(score) if oldest is None else min(oldest, int(score))
                    break
        return oldest

    def now_ms(self) -> int:
        """Redis's clock in milliseconds, the one clock every process shares."""
        seconds, micros = self.redis.time()
        return int(seconds) * 1000 + int(micros) // 1000

    def shared_secret(self, candidate: str) -> str:
        """The download-link secret: ``candidate`` unless a process set one first."""
        key = keys.download_secret()
        self.redis.set(key, candidate, nx=True)
        found = cast(str | None, self.redis.get(key))
        return found or candidate
