"""Short-lived signed links to a stack's template, and the route serving them.

GetStackTemplate answers with such a link, as RFS answers with a pre-signed
object-storage URL. The link is a token: what it grants (project, stack,
template digest, expiry, allowed source addresses) and an HMAC of that under
a secret every web process shares. Expiry is measured on Redis's clock.
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
from functools import cache
from typing import Any

from flask import Blueprint, Response, request

from app import archives, context
from app.errors import Forbidden, NotFound
from formation.records import Stack, TemplateFiles

bp = Blueprint("downloads", __name__, url_prefix="/downloads")

LIFETIME_MS = 5 * 60 * 1000
ROUTE = "/downloads/templates/"


def digest(template: str) -> str:
    return hashlib.sha256(template.encode("utf-8")).hexdigest()


def link(project: str, stack: Stack, source_ips: list[str]) -> str:
    """A URL that serves ``stack``'s current template for five minutes."""
    grant = [
        project,
        stack.stack_name,
        stack.stack_id,
        digest(stack.template),
        context.store().now_ms() + LIFETIME_MS,
        source_ips,
    ]
    base = context.web_config().public_url or request.host_url.rstrip("/")
    return base + ROUTE + _seal(grant)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(payload: str) -> str:
    key = _secret(context.web_config().secret).encode("utf-8")
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def _seal(grant: list[Any]) -> str:
    payload = _b64(json.dumps(grant, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_mac(payload)}"


def _open(token: str) -> list[Any]:
    """The grant inside ``token``; Forbidden unless we signed it."""
    payload, _, mac = token.partition(".")
    try:
        # As bytes: compare_digest refuses str with non-ASCII characters.
        genuine = hmac.compare_digest(_mac(payload).encode(), mac.encode("utf-8"))
        grant = json.loads(_unb64(payload)) if genuine else None
    except (ValueError, UnicodeError) as exc:
        raise Forbidden("the download link is not valid") from exc
    if not isinstance(grant, list) or len(grant) != 6:
        raise Forbidden("the download link is not valid")
    return grant


@cache
def _secret(configured: str) -> str:
    """FORMATION_SECRET, else one generated once and kept in Redis for all."""
    if configured:
        return configured
    return context.store().shared_secret(secrets.token_urlsafe(32))


def _from_allowed_address(source_ips: list[str]) -> bool:
    if not source_ips:
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(c, strict=False) for c in source_ips)


@bp.get("/templates/<token>")
def template(token: str) -> Response:
    """The template: its text, or a zip of its files when it came as a zip.

    403 for a bad or expired link, 404 once the template changed.
    """
    project, name, stack_id, wanted, expires, source_ips = _open(token)
    store = context.store()
    if store.now_ms() > int(expires):
        raise Forbidden("the download link has expired")
    if not _from_allowed_address(list(source_ips)):
        raise Forbidden("the download link may not be used from this address")

    stack = store.stack(str(project), str(name))
    if stack is None or stack.stack_id != stack_id or digest(stack.template) != wanted:
        raise NotFound("the template of this link no longer exists", "RF.10013023")
    if isinstance(stack.template, TemplateFiles):
        return Response(
            archives.pack(stack.template.files),
            mimetype="application/zip",
            headers={"Content-Disposition": 'attachment; filename="template.zip"'},
        )
    filename = "main.tf.json" if stack.template.lstrip().startswith("{") else "main.tf"
    return Response(
        stack.template,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
