"""A small client of Formation's stack API for the command line (stdlib only)."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any


class ApiError(Exception):
    """Raised for an error answer; carries the RF code and the request id."""

    def __init__(self, status: int, body: dict[str, Any], request_id: str) -> None:
        code = body.get("error_code", str(status))
        super().__init__(f"{status} {code}: {body.get('error_msg', '')} [{request_id}]")
        self.status = status
        self.code = code


@dataclass(frozen=True)
class Client:
    url: str
    project: str
    access_key: str = ""
    secret_key: str = ""

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        query: dict[str, str] | None = None,
    ) -> Any:
        """Send one request; returns the decoded JSON answer (None when empty)."""
        raw_query = urllib.parse.urlencode(sorted((query or {}).items()))
        # Names may hold any character (Chinese stack names are valid): each
        # path segment is percent-encoded, as the official SDK does.
        quoted = "/".join(urllib.parse.quote(part, safe="") for part in path.split("/"))
        full = f"/v1/{urllib.parse.quote(self.project, safe='')}/stacks{quoted}"
        data = json.dumps(body).encode() if body is not None else b""
        headers = {
            "Content-Type": "application/json",
            "Client-Request-Id": str(uuid.uuid4()),
        }
        if self.access_key:
            headers.update(self._signed(method, full, raw_query, headers, data))
        target = self.url.rstrip("/") + full + (f"?{raw_query}" if raw_query else "")
        request = urllib.request.Request(
            target, data=data or None, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as exc:
            payload = exc.read()
            body_ = json.loads(payload) if payload.startswith(b"{") else {}
            raise ApiError(
                exc.code, body_, exc.headers.get("X-Request-Id", "")
            ) from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            unreachable = {"error_code": "unreachable", "error_msg": str(exc)}
            raise ApiError(0, unreachable, "") from exc

    def _signed(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> dict[str, str]:
        from app import signing

        date = time.strftime(signing.DATE_FORMAT, time.gmtime())
        sent = {**{k.lower(): v for k, v in headers.items()}, "x-sdk-date": date}
        names = sorted(sent)
        message = signing.Message(
            method=method,
            path=path,
            query=query.encode(),
            headers=lambda name: [sent[name]] if name in sent else [],
            body=body,
        )
        digest = signing.payload_hash(body, None)
        mac = signing.sign(message, self.secret_key, date, names, digest)
        authorization = (
            f"{signing.ALGORITHM} Access={self.access_key}, "
            f"SignedHeaders={';'.join(names)}, Signature={mac}"
        )
        return {"X-Sdk-Date": date, "Authorization": authorization}
