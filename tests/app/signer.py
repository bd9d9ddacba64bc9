"""A second, test-side SDK-HMAC-SHA256 signer, written from the reference alone.

It signs like the Go library behind the Terraform provider when asked to
(host left out, headers added after signing), which the Python SDK cannot.
It shares no code with ``app.signing``, so a mistake in one is caught by the
other; ``test_signing`` proves it against the reference's test vector.
"""

import hashlib
import hmac
import time
from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit

import requests


def _escape(text: str) -> str:
    return quote(text, safe="-_.~")


def _uri(path: str) -> str:
    uri = "/".join(_escape(part) for part in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _query(raw: str) -> str:
    pairs = sorted(
        (unquote(k), unquote(v))
        for k, _, v in (item.partition("=") for item in raw.split("&") if item)
    )
    return "&".join(f"{_escape(k)}={_escape(v)}" for k, v in pairs)


def signature(
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    secret_key: str,
    signed: Iterable[str],
) -> tuple[str, str]:
    """(SignedHeaders, hex signature) for the request; ``signed`` is lower case."""
    names = sorted(signed)
    lower = {k.lower(): v for k, v in headers.items()}
    parts = urlsplit(url)
    canonical = "\n".join(
        [
            method.upper(),
            _uri(parts.path),
            _query(parts.query),
            "".join(f"{n}:{lower[n].strip()}\n" for n in names),
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    text = f"SDK-HMAC-SHA256\n{lower['x-sdk-date']}\n{digest}"
    mac = hmac.new(secret_key.encode(), text.encode(), hashlib.sha256).hexdigest()
    return ";".join(names), mac


def sdk_date(at: float | None = None) -> str:
    return time.strftime(
        "%Y%m%dT%H%M%SZ", time.gmtime(time.time() if at is None else at)
    )


def sign(
    prepared: requests.PreparedRequest,
    access_key: str,
    secret_key: str,
    *,
    signed: Iterable[str] | None = None,
    date: str | None = None,
) -> requests.PreparedRequest:
    """Add X-Sdk-Date and Authorization; sign every header present unless told."""
    prepared.headers["X-Sdk-Date"] = date or sdk_date()
    prepared.headers.setdefault("Host", urlsplit(prepared.url or "").netloc)
    body = prepared.body or b""
    raw = body.encode() if isinstance(body, str) else body
    headers = dict(prepared.headers)
    names = [n.lower() for n in (signed or headers) if n.lower() != "content-length"]
    names = sorted({*names, "x-sdk-date"})
    signed_headers, mac = signature(
        prepared.method or "GET", prepared.url or "", headers, raw, secret_key, names
    )
    prepared.headers["Authorization"] = (
        f"SDK-HMAC-SHA256 Access={access_key}, SignedHeaders={signed_headers}, "
        f"Signature={mac}"
    )
    return prepared
