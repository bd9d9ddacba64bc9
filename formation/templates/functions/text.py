"""String functions."""

import json
import re
from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import to_bool, to_number, to_text, type_name

_VERB = re.compile(
    r"%(?P<flags>[-+# 0]*)(?P<width>\d*)(?:\.(?P<precision>\d+))?(?P<verb>.?)"
)
_GROUP_REFERENCE = re.compile(r"\$(\d+|\{\w+\})")


def upper(value: Any) -> str:
    return to_text(value).upper()


def lower(value: Any) -> str:
    return to_text(value).lower()


def title(value: Any) -> str:
    return re.sub(r"\b\w", lambda match: match.group().upper(), to_text(value))


def trimspace(value: Any) -> str:
    return to_text(value).strip()


def trimprefix(value: Any, prefix: Any) -> str:
    return to_text(value).removeprefix(to_text(prefix))


def trimsuffix(value: Any, suffix: Any) -> str:
    return to_text(value).removesuffix(to_text(suffix))


def chomp(value: Any) -> str:
    return to_text(value).rstrip("\r\n")


def split(separator: Any, value: Any) -> list[str]:
    return to_text(value).split(to_text(separator))


def join(separator: Any, *lists: Any) -> str:
    items: list[str] = []
    for listing in lists:
        if not isinstance(listing, list):
            raise ExpressionError(f"join() needs lists, not a {type_name(listing)}")
        items.extend(to_text(item) for item in listing)
    return to_text(separator).join(items)


def substr(value: Any, offset: Any, length: Any) -> str:
    string, start, count = (
        to_text(value),
        int(to_number(offset)),
        int(to_number(length)),
    )
    if start < 0:
        start = max(len(string) + start, 0)
    end = len(string) if count < 0 else start + count
    return string[start:end]


def replace(value: Any, search: Any, replacement: Any) -> str:
    """Replace a substring, or a regular expression written as ``/pattern/``."""
    string, pattern, substitute = to_text(value), to_text(search), to_text(replacement)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        try:
            expression = re.compile(pattern[1:-1])
        except re.error as error:
            raise ExpressionError(
                f"replace(): bad regular expression: {error}"
            ) from error
        return expression.sub(lambda match: _expand(match, substitute), string)
    return string.replace(pattern, substitute)


def _expand(match: re.Match[str], substitute: str) -> str:
    """Fill ``$1`` and ``${name}`` group references the way Terraform's replace does."""

    def group(reference: re.Match[str]) -> str:
        key = reference.group(1).strip("{}")
        return match.group(int(key) if key.isdigit() else key) or ""

    return _GROUP_REFERENCE.sub(group, substitute)


def tostring(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise ExpressionError(f"tostring() cannot convert a {type_name(value)}")
    return to_text(value)


def format_(spec: Any, *values: Any) -> str:
    """Format like Terraform's ``format``: %s %v %d %f %e %x %o %t %q and %%."""
    remaining = list(values)

    def verb(match: re.Match[str]) -> str:
        if match["verb"] == "%":
            return "%"
        if not remaining:
            raise ExpressionError("format(): not enough arguments for the format")
        return _format_one(match, remaining.pop(0))

    result = _VERB.sub(verb, to_text(spec))
    if remaining:
        raise ExpressionError("format(): too many arguments for the format")
    return result


def _format_one(match: re.Match[str], value: Any) -> str:
    """Format one value; Python's printf-style operator shares Go's flags."""
    kind = match["verb"]
    precision = f".{match['precision']}" if match["precision"] else ""
    flags = "%" + match["flags"] + match["width"] + precision
    if kind in _CONVERSIONS:
        python_verb, convert = _CONVERSIONS[kind]
        return str((flags + python_verb) % convert(value))
    raise ExpressionError(f"format(): unsupported verb %{kind}")


def _whole(value: Any) -> int:
    number = to_number(value)
    if not isinstance(number, int):
        raise ExpressionError("format(): %d needs a whole number")
    return number


def _bool_text(value: Any) -> str:
    return to_text(to_bool(value))


def _default_text(value: Any) -> str:
    if isinstance(value, list | dict) or value is None:
        return json.dumps(value, separators=(",", ":"))
    return to_text(value)


_CONVERSIONS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "s": ("s", to_text),
    "v": ("s", _default_text),
    "q": ("s", lambda value: json.dumps(to_text(value), ensure_ascii=False)),
    "t": ("s", _bool_text),
    "d": ("d", _whole),
    "x": ("x", _whole),
    "X": ("X", _whole),
    "o": ("o", _whole),
    "f": ("f", lambda value: float(to_number(value))),
    "e": ("e", lambda value: float(to_number(value))),
}

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "upper": upper,
    "lower": lower,
    "title": title,
    "trimspace": trimspace,
    "trimprefix": trimprefix,
    "trimsuffix": trimsuffix,
    "chomp": chomp,
    "split": split,
    "join": join,
    "substr": substr,
    "replace": replace,
    "tostring": tostring,
    "format": format_,
}
