"""The Lua scripts against a real Redis: admission, claims, fencing, failure."""

import json
import uuid
from collections.abc import Iterator

import pytest
import redis

from formation import keys
from formation.records import Event, Resource
from formation.settings import Settings
from formation.store import Push, Store


@pytest.fixture
def store(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("REDIS_URL", redis_url)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield Store(client, Settings.from_env())
    client.close()


def _create(store: Store, project: str, steps: list[str]) -> str:
    deployment_id = str(uuid.uuid4())
    outcome = store.create_stack(
        project,
        "s",
        stack_id=str(uuid.uuid4()),
        deployment_id=deployment_id,
        fields={"template": "x"},
        steps=steps,
        client_request_id=str(uuid.uuid4()),
        fingerprint="f",
        answer={"deployment_id": deployment_id},
    )
    assert outcome.verdict == "ok"
    return deployment_id


def _continue(store: Store, project: str, request_id: str, body: str = "b") -> object:
    deployment_id = str(uuid.uuid4())
    return store.admit(
        project,
        "s",
        op="continue",
        deployment_id=deployment_id,
        expected_stack_id="",
        allowed=("DEPLOYMENT_FAILED",),
        new_status="DEPLOYMENT_IN_PROGRESS",
        steps=["random_id.a"],
        note="continue",
        fields={},
        client_request_id=request_id,
        fingerprint=body,
        seen_epoch=None,
        answer={"deployment_id": deployment_id},
    )


def test_a_held_stack_answers_busy_before_its_status_is_judged(
    store: Store, project: str
) -> None:
    _create(store, project, ["random_id.a"])

    outcome = _continue(store, project, str(uuid.uuid4()))

    assert outcome.verdict == "busy"  # type: ignore[attr-defined]


def test_a_retried_request_gets_its_first_answer_and_a_reused_id_is_refused(
    store: Store, project: str
) -> None:
    first = _create(store, project, [])
    d = store.deployment(project, first)
    assert d is not None
    store.fail(project, "s", first, "boom")
    request_id = str(uuid.uuid4())

    admitted = _continue(store, project, request_id)
    retried = _continue(store, project, request_id)
    reused = _continue(store, project, request_id, body="other")

    assert admitted.verdict == "ok"  # type: ignore[attr-defined]
    assert retried.verdict == "replay"  # type: ignore[attr-defined]
    assert retried.detail == admitted.detail  # type: ignore[attr-defined]
    assert reused.verdict == "reused"  # type: ignore[attr-defined]
    assert store.redis.zcard(keys.active(project)) == 1


def test_a_step_is_claimed_once_and_stale_writes_are_fenced(
    store: Store, project: str
) -> None:
    deployment_id = _create(store, project, ["random_id.a"])
    d = store.deployment(project, deployment_id)
    assert d is not None
    assert store.begin(project, d, "go") == "ok"
    event = Event("CREATION_IN_PROGRESS", "creating")

    assert (
        store.claim(project, d, 0, config_hash="h", mode="apply", event=event) == "ok"
    )
    again = store.claim(project, d, 0, config_hash="h", mode="apply", event=event)
    assert again == "duplicate"

    stale = d.__class__(**{**d.__dict__, "epoch": d.epoch - 1})
    resource = Resource("random_id.a", "random_id", "a", "CREATION_COMPLETE")
    assert store.complete(project, stale, 0, resource, event) == "fenced"
    assert store.complete(project, d, 0, resource, event) == "ok"
    assert store.complete(project, d, 0, resource, event) == "duplicate"
    assert store.resources(project, "s")["random_id.a"].status == "CREATION_COMPLETE"


def test_failing_twice_writes_one_failure(store: Store, project: str) -> None:
    deployment_id = _create(store, project, ["random_id.a"])

    first = store.fail(project, "s", deployment_id, "lost")
    second = store.fail(project, "s", deployment_id, "lost again")

    assert (first, second) == ("failed", "done")
    entries = store.redis.xrange(keys.events(project, "s"))
    errors = [e for _, e in entries if e["type"] == "ERROR"]
    assert [e["msg"] for e in errors] == ["lost"]
    stack = store.stack(project, "s")
    assert stack is not None
    assert (stack.status, stack.holder) == ("DEPLOYMENT_FAILED", "")
    assert json.loads(
        store.redis.hget(keys.deployment(project, deployment_id), "steps") or ""
    )


def test_a_resent_admission_bumps_the_epoch_once_and_logs_once(
    store: Store, project: str
) -> None:
    """redis-py re-sends a command whose reply was lost; the script must notice."""
    first = _create(store, project, [])
    store.fail(project, "s", first, "boom")
    deployment_id = str(uuid.uuid4())
    call = {
        "op": "continue",
        "deployment_id": deployment_id,
        "expected_stack_id": "",
        "allowed": ("DEPLOYMENT_FAILED",),
        "new_status": "DEPLOYMENT_IN_PROGRESS",
        "steps": [],
        "note": "continue accepted",
        "fields": {},
        "client_request_id": str(uuid.uuid4()),
        "fingerprint": "same",
        "seen_epoch": None,
        "answer": {"deployment_id": deployment_id},
    }

    sent = store.admit(project, "s", **call)  # type: ignore[arg-type]
    resent = store.admit(project, "s", **call)  # type: ignore[arg-type]

    assert (sent.verdict, resent.verdict) == ("ok", "replay")
    assert store.redis.get(keys.epoch_counter(project)) == "2"
    logs = [
        e["msg"]
        for _, e in store.redis.xrange(keys.events(project, "s"))
        if e["msg"] == "continue accepted"
    ]
    assert logs == ["continue accepted"]


def test_resent_step_writes_change_nothing(store: Store, project: str) -> None:
    deployment_id = _create(store, project, ["random_id.a"])
    d = store.deployment(project, deployment_id)
    assert d is not None
    store.begin(project, d, "go")
    store.begin(project, d, "go")
    claim = Event("CREATION_IN_PROGRESS", "creating")
    done = Event("CREATION_COMPLETE", "created")
    resource = Resource("random_id.a", "random_id", "a", "CREATION_COMPLETE")

    store.claim(project, d, 0, config_hash="h", mode="apply", event=claim)
    store.claim(project, d, 0, config_hash="h", mode="apply", event=claim)
    store.complete(project, d, 0, resource, done)
    store.complete(project, d, 0, resource, done)

    kinds = [e["type"] for _, e in store.redis.xrange(keys.events(project, "s"))]
    assert kinds == ["LOG", "LOG", "CREATION_IN_PROGRESS", "CREATION_COMPLETE"]


def test_a_write_pushes_the_next_task_only_when_it_takes_effect(
    store: Store, project: str
) -> None:
    queue = f"queue:{project}"

    def pushed() -> list[str]:
        return list(reversed(store.redis.lrange(queue, 0, -1)))

    deployment_id = str(uuid.uuid4())
    store.create_stack(
        project,
        "s",
        stack_id=str(uuid.uuid4()),
        deployment_id=deployment_id,
        fields={"template": "x"},
        steps=["random_id.a"],
        client_request_id=str(uuid.uuid4()),
        fingerprint="f",
        answer={"deployment_id": deployment_id},
        then=Push(queue, "prepare"),
    )
    d = store.deployment(project, deployment_id)
    assert d is not None
    assert store.redis.hget(keys.deployment(project, d.id), "enqueued") == "1"
    busy = _continue(store, project, str(uuid.uuid4()))
    assert busy.verdict == "busy"  # type: ignore[attr-defined]

    assert store.begin(project, d, "go", then=Push(queue, "step 0")) == "ok"
    assert store.begin(project, d, "go", then=Push(queue, "step 0")) == "again"
    event = Event("CREATION_IN_PROGRESS", "creating")
    resource = Resource("random_id.a", "random_id", "a", "CREATION_COMPLETE")
    claim = {"config_hash": "h", "mode": "apply", "event": event}
    assert store.claim(project, d, 0, **claim, then=Push(queue, "x")) == "ok"  # type: ignore[arg-type]
    stale = d.__class__(**{**d.__dict__, "epoch": d.epoch - 1})
    fenced = store.complete(project, stale, 0, resource, event, then=Push(queue, "x"))
    done = store.complete(project, d, 0, resource, event, then=Push(queue, "final"))
    again = store.complete(project, d, 0, resource, event, then=Push(queue, "x"))

    assert (fenced, done, again) == ("fenced", "ok", "duplicate")
    assert pushed() == ["prepare", "step 0", "final"]
