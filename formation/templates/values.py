"""Terraform's value rules on plain Python values.

Values are ``None`` (null), ``bool``, numbers (``int`` or ``Fraction``, see
``formation.templates.bignum``), ``str``, ``list`` (list and tuple),
:class:`SetValue` (a set, kept as a sorted list), ``dict`` (map and object) and
:data:`UNKNOWN`, a value that exists only after apply (a resource attribute
while planning). Converting an unknown value raises :class:`UnknownValue`,
which the evaluator turns back into :data:`UNKNOWN` for the whole operation.
"""

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from formation.templates.bignum import (
    Number,
    normalize,
    number_text,
    parse_number,
    to_float,
)
from formation.templates.errors import ExpressionError

__all__ = [
    "UNKNOWN",
    "Number",
    "SetValue",
    "UnknownValue",
    "equal",
    "get_attribute",
    "get_index",
    "has_unknown",
    "make_set",
    "normalize",
    "number_text",
    "splat_items",
    "to_bool",
    "to_number",
    "to_plain",
    "to_text",
    "type_name",
    "unify",
]


class _Unknown:
    """The type of :data:`UNKNOWN`."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


class UnknownValue(Exception):
    """Raised when an operation needs a value that is known only after apply."""


class SetValue(list[Any]):
    """A set: distinct elements in Terraform's order (strings and numbers sorted)."""


def make_set(items: Iterable[Any]) -> SetValue:
    """Return the set of ``items``; mixed primitives become strings, as in Terraform."""
    unique: list[Any] = []
    for item in unify(list(items)):
        if not any(equal(item, seen) for seen in unique):
            unique.append(item)
    if (unique and all(isinstance(item, str) for item in unique)) or (
        unique and all(_is_number(item) for item in unique)
    ):
        unique.sort()
    return SetValue(unique)


def unify(items: list[Any]) -> list[Any]:
    """Give a list of primitives one element type, as Terraform's list(any) does.

    A mix of strings with numbers or bools becomes all strings; other mixes
    are left as they are.
    """
    kinds = {type_name(item) for item in items if item is not None}
    if "string" in kinds and kinds <= {"string", "number", "bool"} and len(kinds) > 1:
        return [None if item is None else to_text(item) for item in items]
    return items


def has_unknown(value: Any) -> bool:
    """Tell whether ``value`` is unknown or holds an unknown value anywhere."""
    if value is UNKNOWN:
        return True
    if isinstance(value, list):
        return any(has_unknown(item) for item in value)
    if isinstance(value, dict):
        return any(has_unknown(item) for item in value.values())
    return False


def to_number(value: Any) -> Number:
    """Convert a number or a numeric string to a number, as Terraform does."""
    _known(value)
    if isinstance(value, bool) or value is None:
        raise ExpressionError(f"a number is required, not {type_name(value)}")
    if isinstance(value, int | Fraction | float):
        return normalize(value)
    if isinstance(value, str):
        number = parse_number(value)
        if number is not None:
            return number
        raise ExpressionError(f'a number is required, not "{value}"')
    raise ExpressionError(f"a number is required, not {type_name(value)}")


def to_bool(value: Any) -> bool:
    """Convert a bool or the strings "true" and "false" to a bool."""
    _known(value)
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    if value is None:
        raise ExpressionError("a null value cannot be used as a bool")
    raise ExpressionError(f"a bool is required, not {type_name(value)}")


def to_text(value: Any) -> str:
    """Convert a primitive value to the string Terraform would make of it."""
    _known(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return number_text(normalize(value))
    if value is None:
        raise ExpressionError("a null value cannot be used as a string")
    raise ExpressionError(f"a {type_name(value)} cannot be used as a string")


def to_plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: sets as lists, fractions as floats."""
    if isinstance(value, Fraction):
        return to_float(normalize(value))
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def type_name(value: Any) -> str:
    """Return the Terraform type name of a value, for error messages."""
    if value is None:
        return "null"
    if value is UNKNOWN:
        return "unknown value"
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, SetValue):
        return "set"
    if isinstance(value, list):
        return "tuple"
    return "object"


def equal(left: Any, right: Any) -> bool:
    """Compare two values with Terraform's ``==``: types must match too."""
    _known(left)
    _known(right)
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
    if _is_number(left):
        return normalize(left) == normalize(right)
    return bool(left == right)


def get_attribute(value: Any, name: str, described: str) -> Any:
    """Return attribute ``name`` of an object; ``described`` names the object."""
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, dict):
        raise ExpressionError(f"{described} is a {type_name(value)}, not an object")
    if name not in value:
        raise ExpressionError(f'{described} has no attribute "{name}"')
    return value[name]


def get_index(value: Any, key: Any, described: str) -> Any:
    """Return element ``key`` of a list or map; ``described`` names the collection."""
    if value is UNKNOWN or key is UNKNOWN:
        return UNKNOWN
    if isinstance(value, SetValue):
        raise ExpressionError(
            f"{described} is a set, whose elements cannot be indexed; "
            "convert it with tolist() first"
        )
    if isinstance(value, list):
        index = to_number(key)
        if not isinstance(index, int) or not 0 <= index < len(value):
            raise ExpressionError(f"{described} has no element {to_text(key)}")
        return value[index]
    if isinstance(value, dict):
        return get_attribute(value, to_text(key), described)
    if value is None:
        raise ExpressionError(f"{described} is null and cannot be indexed")
    raise ExpressionError(f"{described} is a {type_name(value)} and cannot be indexed")


def splat_items(value: Any) -> list[Any]:
    """Return the elements a splat expression iterates over."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Fraction | float) and not isinstance(value, bool)


def _known(value: Any) -> None:
    if value is UNKNOWN:
        raise UnknownValue()
