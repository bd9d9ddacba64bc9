"""SDK-HMAC-SHA256 verification against the reference's test vector and its rules."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask, Request

from app import auth, signing
from app.config import Credential
from app.errors import Unauthorized
from tests.app import signer

AK = "TESTAK0000000000000X"
SK = "testSecretKey0000000000000000000000000000"
PROJECT = "0123456789abcdef0123456789abcdef"
PATH = f"/v1/{PROJECT}/stacks/my-stack/continuations"
BODY = b'{"stack_id": "11111111-2222-3333-4444-555555555555"}'
SIGNED = "client-request-id;content-type;host;x-project-id;x-sdk-date"
VECTOR_SIGNATURE = "658395e0e76d8441560ed6076e535873c99decc58a86a1838f961e3c51161b4d"
VECTOR_CANONICAL = "\n".join(
    [
        "POST",
        PATH + "/",
        "",
        "client-request-id:6f1c2b1e-0b5f-4a53-9a7e-2d7f3b1c9e01",
        "content-type:application/json",
        "host:127.0.0.1:5000",
        f"x-project-id:{PROJECT}",
        "x-sdk-date:20240101T000000Z",
        "",
        SIGNED,
        "a32942be2f0858cb9dbc53a8054343817d5a7a179507161e560f5798a2bf2976",
    ]
)
SIGNED_AT = datetime(2024, 1, 1, tzinfo=UTC)
CREDENTIALS = {AK: Credential(AK, SK, frozenset({PROJECT}))}
APP = Flask(__name__)


def _headers(signature: str = VECTOR_SIGNATURE, **extra: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Client-Request-Id": "6f1c2b1e-0b5f-4a53-9a7e-2d7f3b1c9e01",
        "X-Project-Id": PROJECT,
        "X-Sdk-Date": "20240101T000000Z",
        "Authorization": f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders={SIGNED}, "
        f"Signature={signature}",
        **extra,
    }


def _verify(
    path: str = PATH,
    body: bytes = BODY,
    headers: dict[str, str] | None = None,
    now: datetime = SIGNED_AT,
    method: str = "POST",
) -> Credential:
    with APP.test_request_context(
        path,
        base_url="http://127.0.0.1:5000",
        method=method,
        data=body,
        headers=headers or _headers(),
    ) as ctx:
        request: Request = ctx.request
        return auth.authenticate(request, CREDENTIALS, now)


def test_the_reference_test_vector_has_the_reference_canonical_request() -> None:
    with APP.test_request_context(
        PATH,
        base_url="http://127.0.0.1:5000",
        method="POST",
        data=BODY,
        headers=_headers(),
    ) as ctx:
        message = auth._message(ctx.request)
        digest = signing.payload_hash(message.body, None)
        canonical = signing.canonical_request(message, SIGNED.split(";"), digest)

    assert canonical == VECTOR_CANONICAL
    assert signing.string_to_sign("20240101T000000Z", canonical).endswith(
        "69361ef5cb609edfb557064a03c09c5714c42d52b394fd493a7fd1d60a3b42ee"
    )


def test_the_reference_test_vector_verifies() -> None:
    assert _verify().access_key == AK


def test_the_test_side_signer_agrees_with_the_reference_vector() -> None:
    headers = {k: v for k, v in _headers().items() if k != "Authorization"}
    headers["Host"] = "127.0.0.1:5000"
    names, mac = signer.signature(
        "POST", "http://127.0.0.1:5000" + PATH, headers, BODY, SK, SIGNED.split(";")
    )
    assert (names, mac) == (SIGNED, VECTOR_SIGNATURE)


def test_a_changed_body_does_not_verify() -> None:
    changed = json.dumps({"stack_id": "11111111-2222-3333-4444-555555555556"})
    with pytest.raises(Unauthorized):
        _verify(body=changed.encode())


def test_a_wrong_secret_key_does_not_verify() -> None:
    wrong = {AK: Credential(AK, SK + "x", frozenset({PROJECT}))}
    with (
        APP.test_request_context(
            PATH,
            base_url="http://127.0.0.1:5000",
            method="POST",
            data=BODY,
            headers=_headers(),
        ) as ctx,
        pytest.raises(Unauthorized, match="signature"),
    ):
        auth.authenticate(ctx.request, wrong, SIGNED_AT)


def test_an_extra_query_parameter_does_not_verify() -> None:
    with pytest.raises(Unauthorized):
        _verify(path=PATH + "?limit=10")


def test_a_trailing_slash_still_verifies() -> None:
    assert _verify(path=PATH + "/").access_key == AK


def test_a_date_within_fifteen_minutes_verifies_either_way() -> None:
    for skew in (timedelta(minutes=14, seconds=59), -timedelta(minutes=14)):
        assert _verify(now=SIGNED_AT + skew).access_key == AK


def test_a_date_more_than_fifteen_minutes_away_is_refused() -> None:
    for skew in (timedelta(minutes=15, seconds=1), -timedelta(minutes=16)):
        with pytest.raises(Unauthorized, match="15 minutes"):
            _verify(now=SIGNED_AT + skew)


def test_an_unknown_access_key_is_refused() -> None:
    headers = _headers()
    headers["Authorization"] = headers["Authorization"].replace(AK, "OTHERAK")
    with pytest.raises(Unauthorized, match="access key"):
        _verify(headers=headers)


def test_x_sdk_date_must_be_among_the_signed_headers() -> None:
    headers = _headers()
    headers["Authorization"] = headers["Authorization"].replace(";x-sdk-date", "")
    with pytest.raises(Unauthorized, match="x-sdk-date"):
        _verify(headers=headers)


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Bearer token",
        "SDK-HMAC-SM3 Access=a, SignedHeaders=x-sdk-date, Signature=00",
        "SDK-HMAC-SHA256 Access=a, Signature=00",
    ],
)
def test_a_missing_or_foreign_authorization_is_refused(authorization: str) -> None:
    headers = _headers(Authorization=authorization)
    with pytest.raises(Unauthorized):
        _verify(headers=headers)


def test_a_declared_payload_hash_must_match_the_body() -> None:
    headers = _headers(**{"X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD"})
    with pytest.raises(Unauthorized, match="X-Sdk-Content-Sha256"):
        _verify(headers=headers)


def test_only_x_sdk_date_needs_to_be_signed_as_the_go_signer_does() -> None:
    headers = {"X-Sdk-Date": "20240101T000000Z", "Content-Type": "application/json"}
    names, mac = signer.signature(
        "GET",
        "http://127.0.0.1:5000" + PATH,
        headers,
        BODY,
        SK,
        ["x-sdk-date"],
    )
    headers["Authorization"] = (
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders={names}, Signature={mac}"
    )
    headers["X-Project-Id"] = PROJECT  # added after signing

    assert _verify(method="GET", headers=headers).access_key == AK


def test_canonical_uri_encodes_each_segment_and_ends_in_a_slash() -> None:
    assert signing.canonical_uri("/v1/p/stacks/%E8%B5%84%E6%BA%90") == (
        "/v1/p/stacks/%E8%B5%84%E6%BA%90/"
    )
    assert signing.canonical_uri("/a b/c~d/") == "/a%20b/c~d/"


def test_canonical_query_sorts_and_keeps_plus_as_plus() -> None:
    raw = b"marker=m%20a%2Br%2Fk&filter=a+b&access=2&access=1"
    assert signing.canonical_query(raw) == (
        "access=1&access=2&filter=a%2Bb&marker=m%20a%2Br%2Fk"
    )


def test_signature_comparison_is_constant_time_and_exact() -> None:
    assert signing.same("ab", "ab")
    assert not signing.same("ab", "aB")
    assert not signing.same("ab", "\u00e9")
