"""Rate limits: 429 with Retry-After, per caller and project, shared in Redis."""

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests

from formation import keys
from formation.settings import Settings
from formation.store import Rate, Store
from tests.api import Api
from tests.app.clients import Keys, SignedApi, pool
from tests.processes import start_web

# Five at once, then one every two seconds: slow CI stays well inside a slot.
LIMIT = "5/10s"


@pytest.fixture(scope="module")
def limited(
    service_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[str], Keys, Keys]]:
    """Two web tiers with a small limit and two keys, sharing one Redis."""
    first, second = pool("RATEAK1", "rate-sk-1", 10), pool("RATEAK2", "rate-sk-2", 1)
    second.projects = list(first.projects)
    env = {
        **service_env,
        "FORMATION_RATE_LIMIT": LIMIT,
        "FORMATION_CREDENTIALS": f"{first.entry()};{second.entry()}",
    }
    folder = tmp_path_factory.mktemp("limited")
    webs = [start_web(env, folder / f"web{n}.log", workers=1) for n in (1, 2)]
    yield [url for _, url in webs], first, second
    for proc, _ in webs:
        proc.stop()


def _codes(api: Api, count: int) -> list[int]:
    return [api.call("GET", "").status_code for _ in range(count)]


def test_the_request_over_the_limit_gets_429_with_retry_after(
    limited: tuple[list[str], Keys, Keys],
) -> None:
    (url, _), keys, _ = limited
    api = SignedApi(url, keys.fresh_project(), keys)

    assert _codes(api, 5) == [200] * 5
    over = api.call("POST", "", {"stack_name": "late"})

    assert over.status_code == 429
    assert over.json()["error_code"] == "RF.10014001"
    assert over.headers["X-Request-Id"]
    wait = int(over.headers["Retry-After"])
    assert 1 <= wait <= 2
    time.sleep(wait)
    assert api.call("GET", "").status_code == 200


def test_the_limit_is_shared_by_every_web_process(
    limited: tuple[list[str], Keys, Keys],
) -> None:
    urls, keys, _ = limited
    project = keys.fresh_project()
    apis = [SignedApi(url, project, keys) for url in urls]

    codes = [apis[n % 2].call("GET", "").status_code for n in range(6)]

    assert codes == [200] * 5 + [429]


def test_each_credential_and_each_project_has_its_own_limit(
    limited: tuple[list[str], Keys, Keys],
) -> None:
    (url, _), keys, other = limited
    project = keys.fresh_project()
    spent = SignedApi(url, project, keys)
    assert _codes(spent, 6)[-1] == 429

    assert _codes(SignedApi(url, project, other), 5) == [200] * 5
    assert _codes(SignedApi(url, keys.fresh_project(), keys), 5) == [200] * 5


def test_a_refused_signature_is_not_counted(
    limited: tuple[list[str], Keys, Keys],
) -> None:
    (url, _), keys, _ = limited
    project = keys.fresh_project()
    for _ in range(8):
        unsigned = requests.get(
            f"{url}/v1/{project}/stacks",
            headers={"Client-Request-Id": "r" * 36},
            timeout=10,
        )
        assert unsigned.status_code == 401

    assert _codes(SignedApi(url, project, keys), 5) == [200] * 5


def test_without_authentication_the_client_address_is_limited(
    service_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**service_env, "FORMATION_RATE_LIMIT": "3/10s"}
    proc, url = start_web(env, tmp_path / "web.log", workers=1)
    try:
        codes = _codes(Api(url, uuid.uuid4().hex), 4)
    finally:
        proc.stop()

    assert codes == [200, 200, 200, 429]


def test_the_script_admits_a_burst_then_one_request_per_interval(
    redis_client: redis.Redis,
) -> None:
    store = Store(redis_client, Settings.from_env())
    caller, project = "burst-caller", uuid.uuid4().hex

    rate = Rate(keys.throttle(project, caller), 4, 2000)
    admitted = [store.throttle(rate) for _ in range(4)]
    wait = store.throttle(rate)

    assert admitted == [0, 0, 0, 0]
    assert 300 < wait <= 500  # one interval: 2000 ms / 4
    time.sleep(wait / 1000)
    assert store.throttle(rate) == 0
    ttl = redis_client.pttl(keys.throttle(project, caller))
    assert 0 < ttl <= 2500


def test_admission_counts_in_its_script_and_the_answer_does_not_change(
    limited: tuple[list[str], Keys, Keys],
) -> None:
    """A continue is counted by its admission script, or as it leaves when it
    ends before the script (a bad body); either way the sixth request is 429."""
    (url, _), keys, _ = limited
    api = SignedApi(url, keys.fresh_project(), keys)
    bad = {"stack_id": "not-an-id"}

    answers = [
        api.call("POST", "/none/continuations", {}).status_code,  # 404 in the script
        api.call("POST", "/none/continuations", bad).status_code,  # 400 before it
        api.call("POST", "/none/deployments", {}).status_code,
        api.call("DELETE", "/none").status_code,
        api.call("GET", "").status_code,
    ]
    over_script = api.call("POST", "/none/continuations", {})
    over_body = api.call("POST", "/none/continuations", bad)

    assert answers == [404, 400, 400, 404, 200]
    assert over_script.status_code == over_body.status_code == 429
    assert over_script.headers["Retry-After"] and over_body.headers["Retry-After"]
    assert over_body.json()["error_code"] == "RF.10014001"


def test_every_deferred_endpoint_exists() -> None:
    from app import create_app, throttle

    endpoints = {rule.endpoint for rule in create_app().url_map.iter_rules()}

    assert endpoints >= throttle.ADMITTED
