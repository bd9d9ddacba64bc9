"""Download what ``template_uri`` and ``vars_uri`` point at, within firm bounds.

The web process fetches at request time, so a fetch must never hold a request
thread for long nor fill its memory: one short deadline for the whole download,
a size cap checked while reading, and only http(s) (also after a redirect).
"""

import time
import urllib.error
import urllib.request
from http.client import HTTPException
from typing import IO, Any
from urllib.parse import urlsplit

from app.errors import BadRequest

SCHEMES = ("http", "https")
TIMEOUT_SECONDS = 10.0
LIMIT_BYTES = 1024 * 1024
CHUNK = 64 * 1024
BAD_URL = "RF.10011038"
TOO_LONG = "RF.10011005"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) URL (never ftp or a file)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise urllib.error.URLError(f"redirect to a non-http URL: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects())


def check_url(field: str, url: str) -> str:
    """The lower-cased path of ``url``; BadRequest unless it is an http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise BadRequest(f"{field}: must be an http or https URL", BAD_URL)
    return parts.path.lower()


def download(field: str, url: str, code: str) -> bytes:
    """The body ``url`` answers with; BadRequest with ``code`` if it cannot be had.

    Any failure (no answer, a status other than 2xx, a timeout) is refused with
    a message that says the URL could not be fetched; a body over
    ``LIMIT_BYTES`` is refused with RF.10011005. Reads nothing else, writes
    nothing.
    """
    check_url(field, url)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    try:
        with _OPENER.open(url, timeout=TIMEOUT_SECONDS) as answer:
            return _read_bounded(field, answer, deadline)
    except (OSError, HTTPException, ValueError) as exc:
        # urllib's URLError, HTTPError and socket timeouts are all OSErrors.
        raise BadRequest(
            f"{field}: the URL could not be fetched ({exc})", code
        ) from exc


def _read_bounded(field: str, answer: Any, deadline: float) -> bytes:
    declared = answer.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > LIMIT_BYTES:
        raise _too_big(field)

    body = bytearray()
    while chunk := answer.read(CHUNK):
        body += chunk
        if len(body) > LIMIT_BYTES:
            raise _too_big(field)
        # The socket timeout bounds each read; this bounds the whole download.
        if time.monotonic() > deadline:
            raise TimeoutError("the download took too long")
    return bytes(body)


def _too_big(field: str) -> BadRequest:
    return BadRequest(f"{field}: the file is larger than {LIMIT_BYTES} bytes", TOO_LONG)
