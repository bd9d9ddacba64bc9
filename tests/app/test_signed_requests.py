"""With credentials configured, every /v1 request is signed and stays in its project."""

import json
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

from tests.app import signer
from tests.app.clients import Keys, SignedApi
from tests.processes import start_web


def _written(client: redis.Redis, project: str) -> list[str]:
    return sorted(client.keys(f"fm:{{{project}}}:*"))


def _prepared(
    url: str, project: str, method: str = "POST", body: object = None
) -> requests.PreparedRequest:
    return requests.Request(
        method,
        f"{url}/v1/{project}/stacks",
        json={"stack_name": "s"} if body is None else body,
        headers={
            "Client-Request-Id": str(uuid.uuid4()),
            "Content-Type": "application/json",
        },
    ).prepare()


def _refused(response: requests.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error_code"] == code
    assert response.headers["X-Request-Id"]


def test_a_signed_request_is_served(signed: SignedApi) -> None:
    created = signed.create("ok")

    assert created.status_code == 201, created.text
    assert signed.metadata("ok")["stack_name"] == "ok"


def test_keys_from_the_credentials_file_are_served(
    signed_url: str, other_keys: Keys
) -> None:
    api = SignedApi(signed_url, other_keys.fresh_project(), other_keys)
    assert api.call("GET", "").status_code == 200


def test_an_unsigned_request_is_401_and_writes_nothing(
    signed_url: str, signed_project: str, redis_client: redis.Redis
) -> None:
    response = requests.Session().send(_prepared(signed_url, signed_project))

    _refused(response, 401, "RF.10012001")
    assert _written(redis_client, signed_project) == []


def test_a_wrongly_signed_request_is_401_and_writes_nothing(
    signed_url: str, signed_project: str, keys: Keys, redis_client: redis.Redis
) -> None:
    prepared = signer.sign(
        _prepared(signed_url, signed_project), keys.access_key, "not-the-secret"
    )

    _refused(requests.Session().send(prepared), 401, "RF.10012001")
    assert _written(redis_client, signed_project) == []


@pytest.mark.parametrize("minutes", [16, -16])
def test_a_stale_or_early_request_is_401_and_writes_nothing(
    signed_url: str,
    signed_project: str,
    keys: Keys,
    redis_client: redis.Redis,
    minutes: int,
) -> None:
    date = signer.sdk_date(time.time() - minutes * 60)
    prepared = signer.sign(
        _prepared(signed_url, signed_project),
        keys.access_key,
        keys.secret_key,
        date=date,
    )

    response = requests.Session().send(prepared)

    _refused(response, 401, "RF.10012001")
    assert "15 minutes" in response.json()["error_msg"]
    assert _written(redis_client, signed_project) == []


def test_a_replay_with_a_changed_body_is_401_and_writes_nothing(
    signed_url: str, signed_project: str, keys: Keys, redis_client: redis.Redis
) -> None:
    prepared = signer.sign(
        _prepared(signed_url, signed_project), keys.access_key, keys.secret_key
    )
    prepared.body = json.dumps({"stack_name": "changed"}).encode()
    prepared.headers["Content-Length"] = str(len(prepared.body))

    _refused(requests.Session().send(prepared), 401, "RF.10012001")
    assert _written(redis_client, signed_project) == []


def test_another_projects_stack_is_403_and_nothing_is_written(
    signed_url: str, keys: Keys, other_keys: Keys, redis_client: redis.Redis
) -> None:
    theirs = other_keys.fresh_project()
    owner = SignedApi(signed_url, theirs, other_keys)
    assert owner.create("private").status_code == 201
    # The owner's own rate-limit key expires on its own; leave it out.
    owners = f":throttle:{other_keys.access_key}"
    before = [k for k in _written(redis_client, theirs) if not k.endswith(owners)]
    intruder = SignedApi(signed_url, theirs, keys)

    for method, path, body in (
        ("GET", "/private/metadata", None),
        ("POST", "", {"stack_name": "planted"}),
        ("PATCH", "/private", {"description": "mine now"}),
        ("POST", "/private/deletion", {}),
    ):
        _refused(intruder.call(method, path, body), 403, "RF.10012507")

    after = [k for k in _written(redis_client, theirs) if not k.endswith(owners)]
    assert after == before
    assert owner.metadata("private")["description"] == ""


def test_unknown_routes_under_v1_need_a_signature_too(
    signed_url: str, signed: SignedApi
) -> None:
    unsigned = requests.get(f"{signed_url}/v1/{signed.project}/nothing", timeout=10)
    _refused(unsigned, 401, "RF.10012001")
    assert signed.call("GET", "/x/nothing").status_code == 404


def test_health_the_document_and_download_links_need_no_signature(
    signed_url: str, signed: SignedApi
) -> None:
    signed.create("linked", 'resource "random_id" "a" {\n  byte_length = 2\n}\n')
    location = signed.session.send(
        signer.sign(
            requests.Request(
                "GET",
                f"{signed_url}/v1/{signed.project}/stacks/linked/templates",
                headers={"Client-Request-Id": str(uuid.uuid4())},
            ).prepare(),
            signed.keys.access_key,
            signed.keys.secret_key,
        ),
        allow_redirects=False,
    ).headers["Location"]

    assert requests.get(f"{signed_url}/healthz", timeout=10).ok
    assert requests.get(f"{signed_url}/openapi.json", timeout=10).ok
    assert requests.get(location, timeout=10).text.startswith("resource")


def test_start_up_warns_loudly_when_authentication_is_off(
    service_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**service_env, "FORMATION_CREDENTIALS": "", "FORMATION_CREDENTIALS_FILE": ""}
    proc, _ = start_web(env, tmp_path / "web.log", workers=1)
    proc.stop()

    warnings = [
        line for line in proc.output().splitlines() if '"level": "WARNING"' in line
    ]
    assert any("AUTHENTICATION IS OFF" in line for line in warnings)


def test_start_up_is_quiet_about_authentication_when_it_is_on(
    service_env: dict[str, str], keys: Keys, tmp_path: Path
) -> None:
    env = {**service_env, "FORMATION_CREDENTIALS": keys.entry()}
    proc, _ = start_web(env, tmp_path / "web.log", workers=1)
    proc.stop()

    assert "AUTHENTICATION IS OFF" not in proc.output()
