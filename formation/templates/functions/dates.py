"""Time functions on RFC 3339 timestamps: timestamp, timeadd, timecmp, formatdate."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import to_text

_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_FORMAT_TOKEN = re.compile(
    r"'(?:[^']|'')*'|YYYY|YY|MMMM|MMM|MM|M|DD|D|EEEE|EEE|hh|h|HH|H|AA|aa|mm|m|ss|s"
    r"|ZZZZZ|ZZZZ|ZZZ|Z|[A-Za-z]+|[^A-Za-z']+"
)


def timestamp() -> str:
    """Return the current UTC time to the second, e.g. ``2024-05-01T12:00:00Z``."""
    return format_rfc3339(datetime.now(UTC).replace(microsecond=0))


def parse_rfc3339(value: Any, function: str) -> datetime:
    """Read an RFC 3339 timestamp that carries a time zone."""
    text = to_text(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        message = f'{function}(): "{text}" is not an RFC 3339 timestamp'
        raise ExpressionError(message) from error
    if moment.tzinfo is None or "T" not in text.upper():
        raise ExpressionError(f'{function}(): "{text}" needs a date, a time and a zone')
    return moment


def format_rfc3339(moment: datetime) -> str:
    """Format as Go's RFC 3339: ``Z`` for UTC, fractional seconds only when set."""
    text = moment.isoformat()
    if moment.microsecond:
        text = text.replace(
            f".{moment.microsecond:06d}", f".{moment.microsecond:06d}".rstrip("0")
        )
    return text.replace("+00:00", "Z")


def timeadd(value: Any, duration: Any) -> str:
    moment = parse_rfc3339(value, "timeadd")
    return format_rfc3339(moment + timedelta(seconds=parse_duration(to_text(duration))))


def timecmp(left: Any, right: Any) -> int:
    first, second = parse_rfc3339(left, "timecmp"), parse_rfc3339(right, "timecmp")
    return (first > second) - (first < second)


def parse_duration(text: str) -> float:
    """Return the seconds of a Go duration such as ``1h30m`` or ``-10s``."""
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    if body == "0":
        return 0.0
    total, position = 0.0, 0
    while position < len(body):
        match = _DURATION_PART.match(body, position)
        if match is None:
            raise ExpressionError(f'"{text}" is not a duration such as "1h30m"')
        total += float(match.group(1)) * _UNITS[match.group(2)]
        position = match.end()
    if position == 0:
        raise ExpressionError(f'"{text}" is not a duration such as "1h30m"')
    return sign * total


def formatdate(spec: Any, value: Any) -> str:
    moment = parse_rfc3339(value, "formatdate")
    return "".join(_token(t, moment) for t in _FORMAT_TOKEN.findall(to_text(spec)))


def _token(token: str, moment: datetime) -> str:
    if token.startswith("'"):
        return token[1:-1].replace("''", "'")
    if token in _FIELDS:
        return _FIELDS[token](moment)
    if token[0].isalpha():
        raise ExpressionError(f'formatdate(): unsupported sequence "{token}"')
    return token


def _zone(moment: datetime, separator: str) -> str:
    offset = moment.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{separator}{rest:02d}"


def _twelve(moment: datetime) -> int:
    return moment.hour % 12 or 12


_FIELDS: dict[str, Callable[[datetime], str]] = {
    "YYYY": lambda m: f"{m.year:04d}",
    "YY": lambda m: f"{m.year % 100:02d}",
    "MMMM": lambda m: m.strftime("%B"),
    "MMM": lambda m: m.strftime("%b"),
    "MM": lambda m: f"{m.month:02d}",
    "M": lambda m: str(m.month),
    "DD": lambda m: f"{m.day:02d}",
    "D": lambda m: str(m.day),
    "EEEE": lambda m: m.strftime("%A"),
    "EEE": lambda m: m.strftime("%a"),
    "hh": lambda m: f"{m.hour:02d}",
    "h": lambda m: str(m.hour),
    "HH": lambda m: f"{_twelve(m):02d}",
    "H": lambda m: str(_twelve(m)),
    "AA": lambda m: "PM" if m.hour >= 12 else "AM",
    "aa": lambda m: "pm" if m.hour >= 12 else "am",
    "mm": lambda m: f"{m.minute:02d}",
    "m": lambda m: str(m.minute),
    "ss": lambda m: f"{m.second:02d}",
    "s": lambda m: str(m.second),
    "ZZZZZ": lambda m: _zone(m, ":"),
    "ZZZZ": lambda m: _zone(m, ""),
    "ZZZ": lambda m: "UTC" if not m.utcoffset() else _zone(m, ""),
    "Z": lambda m: "Z" if not m.utcoffset() else _zone(m, ":"),
}

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "timestamp": timestamp,
    "timeadd": timeadd,
    "timecmp": timecmp,
    "formatdate": formatdate,
}
