"""Field builders whose every refusal carries the RF code of the contract.

The validators expose ``min``/``max``/``equal`` and ``regex`` the way
marshmallow's own do, so apispec writes the same bounds and patterns into
the OpenAPI document that the API enforces.
"""

import re
from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError, fields
from marshmallow.validate import Validator

from app.errors import Problem

TOO_LONG = "RF.10011005"
TOO_SHORT = "RF.10011006"
WRONG_TYPE = "RF.10011038"
NOT_INTEGER = "RF.10011036"

Check = Callable[[Any], Any]


class Length(Validator):
    """Length bounds: RF.10011005 when too long, RF.10011006 when too short."""

    equal = None

    def __init__(self, min: int, max: int, too_long: str = TOO_LONG) -> None:
        self.min, self.max, self.too_long = min, max, too_long

    def __call__(self, value: Any) -> Any:
        unit = "characters" if isinstance(value, str) else "items"
        if len(value) > self.max:
            raise ValidationError(
                Problem(self.too_long, f"must be at most {self.max} {unit} long")
            )
        if len(value) < self.min:
            raise ValidationError(
                Problem(TOO_SHORT, f"must be at least {self.min} {unit} long")
            )
        return value


class Range(Validator):
    """Inclusive integer bounds, refused with RF.10011036."""

    def __init__(self, min: int, max: int) -> None:
        self.min, self.max = min, max

    def __call__(self, value: int) -> int:
        if not self.min <= value <= self.max:
            bounds = f"from {self.min} to {self.max}"
            raise ValidationError(Problem(NOT_INTEGER, f"must be an integer {bounds}"))
        return value


class Pattern(Validator):
    """The whole value must match ``regex`` (``$`` alone would allow a newline)."""

    def __init__(self, regex: re.Pattern[str], code: str, rule: str) -> None:
        self.regex, self.code, self.rule = regex, code, rule

    def __call__(self, value: str) -> str:
        if not self.regex.fullmatch(value):
            raise ValidationError(Problem(self.code, self.rule))
        return value


class Utf8(Validator):
    """Refuses lone surrogates: JSON can carry them, UTF-8 and Redis cannot."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __call__(self, value: str) -> str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError(
                Problem(self.code, "must be valid UTF-8 text")
            ) from exc
        return value


class StrictBoolean(fields.Boolean):
    """Only JSON ``true`` and ``false``; 1, "yes" and "true" are refused."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _typed(field: type[fields.Field[Any]], kind: str, **kw: Any) -> Any:
    messages: dict[str, Any] = {
        "invalid": Problem(WRONG_TYPE, f"must be {kind}"),
        "null": Problem(WRONG_TYPE, f"must be {kind}, not null"),
    }
    return field(error_messages=messages, **kw)


def Str(
    low: int,
    high: int,
    *extra: Check,
    too_long: str = TOO_LONG,
    text_code: str = WRONG_TYPE,
    **kw: Any,
) -> Any:
    """A string of ``low`` to ``high`` characters that is valid UTF-8."""
    checks = [Length(low, high, too_long), Utf8(text_code), *extra]
    return _typed(fields.String, "a string", validate=checks, **kw)


def Bool(**kw: Any) -> Any:
    return _typed(StrictBoolean, "a boolean", **kw)


def List(inner: Any, high: int, *extra: Check, **kw: Any) -> Any:
    checks = [Length(0, high), *extra]
    return _typed(fields.List, "a list", cls_or_instance=inner, validate=checks, **kw)


def Int(low: int, high: int, **kw: Any) -> Any:
    """An integer; query strings arrive as text, so digits in a string count."""
    messages: dict[str, Any] = {
        "invalid": Problem(NOT_INTEGER, "must be an integer"),
        "too_large": Problem(NOT_INTEGER, f"must be an integer from {low} to {high}"),
    }
    return fields.Integer(
        strict=False, validate=Range(low, high), error_messages=messages, **kw
    )
