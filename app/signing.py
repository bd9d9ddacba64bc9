"""The SDK-HMAC-SHA256 signature of Huawei Cloud's SDKs, computed server-side.

Pure functions over what arrived: method, path, raw query, headers and body.
The canonical request is the one both official signers build (the Python
SDK and the Go library behind the Terraform provider); the signature is the
hex HMAC-SHA256 of the string to sign under the secret key, with no key
derivation.
"""

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, unquote_to_bytes

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_HASH = hashlib.sha256(b"").hexdigest()
UNSIGNED = "UNSIGNED-PAYLOAD"


class SignatureError(ValueError):
    """Raised when an Authorization header cannot be read."""


@dataclass(frozen=True)
class Authorization:
    access_key: str
    signed_headers: tuple[str, ...]
    signature: str


@dataclass(frozen=True)
class Message:
    """What a signature covers; ``headers`` gives every value of a header name."""

    method: str
    path: str
    query: bytes
    headers: Callable[[str], Sequence[str]]
    body: bytes


def parse_authorization(value: str) -> Authorization:
    """``SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex``."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureError(f"the signing algorithm must be {ALGORITHM}")
    parts = {}
    for item in rest.split(","):
        name, sep, text = item.strip().partition("=")
        if sep:
            parts[name] = text.strip()
    missing = {"Access", "SignedHeaders", "Signature"} - parts.keys()
    if missing:
        raise SignatureError(f"Authorization lacks {', '.join(sorted(missing))}")
    signed = tuple(h for h in parts["SignedHeaders"].split(";") if h)
    return Authorization(parts["Access"], signed, parts["Signature"])


def _encode(segment: str | bytes) -> str:
    # Only A-Z a-z 0-9 - _ . ~ stay literal; quote() keeps those four marks.
    return quote(segment, safe="~")


def canonical_uri(path: str) -> str:
    """Each decoded segment encoded again, and always a trailing ``/``."""
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(raw: bytes) -> str:
    """Decoded pairs (``+`` stays ``+``), sorted, encoded again, joined by ``&``."""
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        pairs.append((unquote_to_bytes(name), unquote_to_bytes(value)))
    pairs.sort()
    return "&".join(f"{_encode(name)}={_encode(value)}" for name, value in pairs)


def canonical_headers(message: Message, names: Sequence[str]) -> str:
    """One ``name:value`` line per signed header value, each line ending in \\n."""
    lines = []
    for name in names:
        values = sorted(v.strip() for v in message.headers(name.lower()))
        lines += [f"{name}:{v}" for v in values]
    return "".join(line + "\n" for line in lines)


def payload_hash(body: bytes, declared: str | None) -> str:
    """The body's SHA-256, or the ``X-Sdk-Content-Sha256`` value the client sent."""
    if declared is not None:
        return declared
    return hashlib.sha256(body).hexdigest()


def canonical_request(message: Message, signed: Sequence[str], digest: str) -> str:
    return "\n".join(
        (
            message.method.upper(),
            canonical_uri(message.path),
            canonical_query(message.query),
            canonical_headers(message, signed),
            ";".join(signed),
            digest,
        )
    )


def string_to_sign(date: str, canonical: str) -> str:
    hashed = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{date}\n{hashed}"


def signature(secret_key: str, text: str) -> str:
    key = secret_key.encode("utf-8")
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(
    message: Message, secret_key: str, date: str, signed: Sequence[str], digest: str
) -> str:
    """The signature a client holding ``secret_key`` computes for ``message``."""
    canonical = canonical_request(message, signed, digest)
    return signature(secret_key, string_to_sign(date, canonical))


def same(expected: str, given: str) -> bool:
    """Constant-time comparison, so timing reveals nothing about a signature."""
    return hmac.compare_digest(
        expected.encode("utf-8"), given.encode("utf-8", "replace")
    )
