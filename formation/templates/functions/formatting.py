"""``format`` and ``formatlist``: Go's printf verbs as Terraform documents them."""

import re
from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions.encoding import jsonencode
from formation.templates.values import (
    to_bool,
    to_number,
    to_text,
    type_name,
)

_VERB = re.compile(
    r"%(?P<flags>[-+# 0]*)(?P<width>\d*)(?:\.(?P<precision>\d+))?(?P<verb>.?)"
)


def format_(spec: Any, *values: Any) -> str:
    """Format like Terraform: %v %#v %s %q %t %d %b %o %x %X %e %E %f %g %G and %%."""
    remaining = list(values)
    position = 0

    def verb(match: re.Match[str]) -> str:
        nonlocal position
        if match["verb"] == "%":
            return "%"
        if not remaining:
            raise ExpressionError("format(): not enough arguments for the format")
        position += 1
        return _format_one(match, remaining.pop(0), position - 1)

    result = _VERB.sub(verb, to_text(spec))
    if remaining:
        raise ExpressionError("format(): too many arguments for the format")
    return result


def formatlist(spec: Any, *values: Any) -> list[str]:
    """Format once per element; list arguments must share one length."""
    lengths = {len(value) for value in values if isinstance(value, list)}
    if len(lengths) > 1:
        raise ExpressionError("formatlist(): the list arguments differ in length")
    count = lengths.pop() if lengths else 1
    return [
        format_(spec, *(v[i] if isinstance(v, list) else v for v in values))
        for i in range(count)
    ]


def _format_one(match: re.Match[str], value: Any, position: int) -> str:
    kind, flags = match["verb"], match["flags"]
    if kind == "v" and "#" in flags:
        return _pad(jsonencode(value), match)
    if kind not in _CONVERSIONS:
        raise ExpressionError(f"format(): unsupported verb %{kind}")
    python_verb, convert = _CONVERSIONS[kind]
    try:
        converted = convert(value)
    except ExpressionError as error:
        raise ExpressionError(
            f'format(): unsupported value for "%{kind}" at {position}: {error}'
        ) from error
    precision = f".{match['precision']}" if match["precision"] else ""
    return str(("%" + flags + match["width"] + precision + python_verb) % converted)


def _pad(text: str, match: re.Match[str]) -> str:
    width = int(match["width"] or 0)
    return text.ljust(width) if "-" in match["flags"] else text.rjust(width)


def _string(value: Any) -> str:
    if isinstance(value, list | dict):
        raise ExpressionError(f"a string is required, not {type_name(value)}")
    return to_text(value)


def _whole(value: Any) -> int:
    number = to_number(value)
    if not isinstance(number, int):
        raise ExpressionError("an integer is required")
    return number


def _default_text(value: Any) -> str:
    if isinstance(value, list | dict) or value is None:
        return jsonencode(value)
    return to_text(value)


def _quoted(value: Any) -> str:
    import json

    return json.dumps(_string(value), ensure_ascii=False)


_CONVERSIONS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "s": ("s", _string),
    "v": ("s", _default_text),
    "q": ("s", _quoted),
    "t": ("s", lambda value: to_text(to_bool(value))),
    "d": ("d", _whole),
    "b": ("s", lambda value: format(_whole(value), "b")),
    "x": ("x", _whole),
    "X": ("X", _whole),
    "o": ("o", _whole),
    "f": ("f", lambda value: float(to_number(value))),
    "e": ("e", lambda value: float(to_number(value))),
    "E": ("E", lambda value: float(to_number(value))),
    "g": ("g", lambda value: float(to_number(value))),
    "G": ("G", lambda value: float(to_number(value))),
}
