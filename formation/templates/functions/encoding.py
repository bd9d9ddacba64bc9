"""Encoding and hashing functions."""

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import normalize, to_text

# Terraform's JSON encoder escapes these for safe embedding in HTML.
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def jsonencode(value: Any) -> str:
    """Encode compactly with sorted keys, as Terraform does."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    for char, escape in _HTML_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def jsondecode(value: Any) -> Any:
    try:
        decoded = json.loads(to_text(value))
    except ValueError as error:
        raise ExpressionError(f"jsondecode(): the text is not JSON: {error}") from error
    return _whole_numbers(decoded)


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, float):
        return normalize(value)
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    return value


def base64encode(value: Any) -> str:
    return base64.b64encode(to_text(value).encode()).decode()


def base64decode(value: Any) -> str:
    try:
        return base64.b64decode(to_text(value), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise ExpressionError(f"base64decode(): {error}") from error


def _digest(name: str) -> Callable[[Any], str]:
    def digest(value: Any) -> str:
        return hashlib.new(name, to_text(value).encode()).hexdigest()

    return digest


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": jsonencode,
    "jsondecode": jsondecode,
    "base64encode": base64encode,
    "base64decode": base64decode,
    "md5": _digest("md5"),
    "sha1": _digest("sha1"),
    "sha256": _digest("sha256"),
    "sha512": _digest("sha512"),
}
