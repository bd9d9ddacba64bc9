"""Who is calling: signature check and project rights of every ``/v1`` request.

Runs before anything reads or writes state, so a refused request (401, 403)
leaves Redis exactly as it was. With no credentials configured it lets every
request through and names the client address as the caller.
"""

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

from flask import Request, g, request

from app import context, signing
from app.config import Credential
from app.errors import Forbidden, Unauthorized

logger = logging.getLogger(__name__)

SKEW = timedelta(minutes=15)
DATE_HEADER = "x-sdk-date"
CONTENT_HASH_HEADER = "X-Sdk-Content-Sha256"


def check_caller() -> None:
    """Flask hook: set ``g.caller`` or refuse the request with 401 / 403."""
    if not request.path.startswith("/v1/"):
        return
    credentials = context.web_config().credentials
    if not credentials:
        g.caller = request.remote_addr or "unknown"
        return

    credential = authenticate(request, credentials, datetime.now(UTC))
    project = project_of(request)
    if project not in credential.projects:
        logger.warning(
            "project refused",
            extra={"access_key": credential.access_key, "project_id": project},
        )
        raise Forbidden("the credential may not act on this project")
    g.caller = credential.access_key


def project_of(req: Request) -> str:
    """The project a ``/v1/{project_id}/...`` request names, matched or not."""
    if req.view_args and "project_id" in req.view_args:
        return str(req.view_args["project_id"])
    parts = req.path.split("/")
    return parts[2] if len(parts) > 2 else ""


def authenticate(
    req: Request, credentials: dict[str, Credential], now: datetime
) -> Credential:
    """The credential whose secret key signed ``req``; else Unauthorized.

    Only ``x-sdk-date`` has to be signed: the Go signer leaves out ``host``
    and adds ``X-Project-Id`` after signing, and both are still accepted.
    """
    header = req.headers.get("Authorization")
    if not header:
        raise Unauthorized("the request is not signed (no Authorization header)")
    try:
        auth = signing.parse_authorization(header)
    except signing.SignatureError as exc:
        raise Unauthorized(str(exc)) from exc
    if DATE_HEADER not in auth.signed_headers:
        raise Unauthorized("SignedHeaders must include x-sdk-date")
    date = _fresh_date(req, now)

    credential = credentials.get(auth.access_key)
    message = _message(req)
    for name in auth.signed_headers:
        if not message.headers(name):
            raise Unauthorized(f"the signed header {name} is missing")
    digest = _payload_hash(req, message.body)
    # An unknown key costs the same work as a known one: timing tells nothing.
    secret_key = credential.secret_key if credential else ""
    expected = signing.sign(message, secret_key, date, auth.signed_headers, digest)
    if not signing.same(expected, auth.signature) or credential is None:
        raise Unauthorized("the access key or the signature is not valid")
    return credential


def _fresh_date(req: Request, now: datetime) -> str:
    """The X-Sdk-Date value, if it is within 15 minutes of our clock."""
    value = req.headers.get(DATE_HEADER, "")
    try:
        signed_at = datetime.strptime(value, signing.DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError as exc:
        raise Unauthorized("X-Sdk-Date must look like 20240101T000000Z") from exc
    if abs(now - signed_at) > SKEW:
        raise Unauthorized("X-Sdk-Date is more than 15 minutes from the server's time")
    return value


def _payload_hash(req: Request, body: bytes) -> str:
    """The hash the signature covers; a declared one must not hide the body.

    A client may declare the hash (or UNSIGNED-PAYLOAD, the SDK's choice for
    non-JSON bodies); a declared value that does not vouch for the body that
    arrived would let a changed body through, so it is refused.
    """
    declared = req.headers.get(CONTENT_HASH_HEADER)
    if declared is None:
        return signing.payload_hash(body, None)
    actual = signing.payload_hash(body, None)
    if declared == signing.UNSIGNED and not body:
        return declared
    if declared.lower() != actual:
        raise Unauthorized(f"{CONTENT_HASH_HEADER} does not match the body")
    return declared


def _message(req: Request) -> signing.Message:
    return signing.Message(
        method=req.method,
        path=_raw_path(req),
        query=req.query_string,
        headers=lambda name: [_utf8(v) for v in req.headers.getlist(name)],
        body=req.get_data(cache=True),
    )


def _raw_path(req: Request) -> str:
    """The path as it was on the wire, still percent-encoded."""
    raw = req.environ.get("RAW_URI") or req.environ.get("REQUEST_URI")
    if not raw:
        return quote(req.script_root + req.path)
    if not raw.startswith("/"):
        raw = urlsplit(raw).path
    return str(raw).split("?", 1)[0]


def _utf8(value: str) -> str:
    # WSGI hands header bytes over as latin-1 text; clients sign UTF-8 text.
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value
