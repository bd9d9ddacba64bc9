"""Encoding, decoding and hashing functions."""

import base64
import binascii
import hashlib
import json
import urllib.parse
import uuid
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from formation.templates.bignum import number_text
from formation.templates.errors import ExpressionError
from formation.templates.functions.yamldoc import yamldecode
from formation.templates.values import normalize, to_text

# Terraform's JSON encoder escapes these for safe embedding in HTML.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
UUID_NAMESPACES = {
    "dns": uuid.NAMESPACE_DNS,
    "url": uuid.NAMESPACE_URL,
    "oid": uuid.NAMESPACE_OID,
    "x500": uuid.NAMESPACE_X500,
}


def jsonencode(value: Any) -> str:
    """Encode compactly, keys sorted, numbers exact, as Terraform does."""
    return "".join(_encode(value))


def _encode(value: Any) -> list[str]:
    if isinstance(value, dict):
        parts = ["{"]
        for position, key in enumerate(sorted(value)):
            parts.extend([","] if position else [])
            parts.extend([_string(str(key)), ":", *_encode(value[key])])
        return [*parts, "}"]
    if isinstance(value, list):
        parts = ["["]
        for position, item in enumerate(value):
            parts.extend([","] if position else [])
            parts.extend(_encode(item))
        return [*parts, "]"]
    if isinstance(value, str):
        return [_string(value)]
    if value is None or isinstance(value, bool):
        return [json.dumps(value)]
    if isinstance(value, int | Fraction | float):
        return [number_text(normalize(value))]
    raise ExpressionError("jsonencode() cannot encode a value known only after apply")


def _string(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    for char, escape in _ESCAPES.items():
        encoded = encoded.replace(char, escape)
    return encoded


def jsondecode(value: Any) -> Any:
    try:
        return json.loads(to_text(value), parse_float=Fraction, parse_int=int)
    except ValueError as error:
        raise ExpressionError(f"jsondecode(): the text is not JSON: {error}") from error


def base64encode(value: Any) -> str:
    return base64.b64encode(to_text(value).encode()).decode()


def base64decode(value: Any) -> str:
    try:
        return base64.b64decode(to_text(value), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise ExpressionError(f"base64decode(): {error}") from error


def urlencode(value: Any) -> str:
    return urllib.parse.quote_plus(to_text(value), safe="")


def uuidv5(namespace: Any, name: Any) -> str:
    space = to_text(namespace)
    try:
        base = UUID_NAMESPACES.get(space) or uuid.UUID(space)
    except ValueError as error:
        raise ExpressionError(f'uuidv5(): unknown namespace "{space}"') from error
    return str(uuid.uuid5(base, to_text(name)))


def uuid_() -> str:
    return str(uuid.uuid4())


def _digest(name: str, encode: Callable[[bytes], str]) -> Callable[[Any], str]:
    def digest(value: Any) -> str:
        return encode(hashlib.new(name, to_text(value).encode()).digest())

    return digest


def _hex(data: bytes) -> str:
    return data.hex()


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode()


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": jsonencode,
    "jsondecode": jsondecode,
    "yamldecode": yamldecode,
    "base64encode": base64encode,
    "base64decode": base64decode,
    "urlencode": urlencode,
    "uuid": uuid_,
    "uuidv5": uuidv5,
    "md5": _digest("md5", _hex),
    "sha1": _digest("sha1", _hex),
    "sha256": _digest("sha256", _hex),
    "sha512": _digest("sha512", _hex),
    "base64sha256": _digest("sha256", _base64),
    "base64sha512": _digest("sha512", _base64),
}
