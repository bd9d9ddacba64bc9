"""Terraform's value rules on plain Python values.

Values are ``None`` (null), ``bool``, ``int`` or ``float`` (number), ``str``,
``list`` (list, tuple and set) and ``dict`` (map and object). A number that is
whole is kept as ``int`` so that it prints as Terraform prints it.
"""

import decimal
import re
from typing import Any

from formation.templates.errors import ExpressionError

Number = int | float

_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def normalize(number: Number) -> Number:
    """Return ``number`` as an ``int`` when it is whole, else unchanged."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**63:
        return int(number)
    return number


def to_number(value: Any) -> Number:
    """Convert a number or a numeric string to a number, as Terraform does."""
    if isinstance(value, bool) or value is None:
        raise ExpressionError(f"a number is required, not {type_name(value)}")
    if isinstance(value, int | float):
        return normalize(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return normalize(float(value)) if _is_fractional(value) else int(value)
    raise ExpressionError(f"a number is required, not {type_name(value)}")


def to_bool(value: Any) -> bool:
    """Convert a bool or the strings "true" and "false" to a bool."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise ExpressionError(f"a bool is required, not {type_name(value)}")


def to_text(value: Any) -> str:
    """Convert a primitive value to the string Terraform would make of it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if value is None:
        raise ExpressionError("a null value cannot be used as a string")
    raise ExpressionError(f"a {type_name(value)} cannot be used as a string")


def number_text(number: Number) -> str:
    """Format a number without exponent or trailing zeros."""
    number = normalize(number)
    if isinstance(number, int):
        return str(number)
    text = format(decimal.Decimal(repr(number)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def type_name(value: Any) -> str:
    """Return the Terraform type name of a value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


def equal(left: Any, right: Any) -> bool:
    """Compare two values with Terraform's ``==``: types must match too."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, list) and isinstance(right, list):
        same_length = len(left) == len(right)
        return same_length and all(map(equal, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        same_keys = left.keys() == right.keys()
        return same_keys and all(equal(left[key], right[key]) for key in left)
    if type_name(left) != type_name(right):
        return False
    return bool(left == right)


def _is_fractional(text: str) -> bool:
    return any(mark in text for mark in ".eE")


def get_attribute(value: Any, name: str, described: str) -> Any:
    """Return attribute ``name`` of an object; ``described`` names the object."""
    if not isinstance(value, dict):
        raise ExpressionError(f"{described} is a {type_name(value)}, not an object")
    if name not in value:
        raise ExpressionError(f'{described} has no attribute "{name}"')
    return value[name]


def get_index(value: Any, key: Any, described: str) -> Any:
    """Return element ``key`` of a list or map; ``described`` names the collection."""
    if isinstance(value, list):
        index = to_number(key)
        if not isinstance(index, int) or not 0 <= index < len(value):
            raise ExpressionError(f"{described} has no element {to_text(key)}")
        return value[index]
    if isinstance(value, dict):
        return get_attribute(value, to_text(key), described)
    raise ExpressionError(f"{described} is a {type_name(value)} and cannot be indexed")


def splat_items(value: Any) -> list[Any]:
    """Return the elements a splat expression iterates over."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
