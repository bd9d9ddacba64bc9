"""Argument checks shared by the functions, with Terraform's wording."""

from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import SetValue, to_number, type_name


def as_list(value: Any, function: str) -> list[Any]:
    """Return ``value`` when it is a list, tuple or set."""
    if not isinstance(value, list):
        raise ExpressionError(f"{function}() needs a list, not a {type_name(value)}")
    return value


def as_map(value: Any, function: str) -> dict[str, Any]:
    """Return ``value`` when it is a map or object."""
    if not isinstance(value, dict):
        raise ExpressionError(f"{function}() needs a map, not a {type_name(value)}")
    return value


def as_whole(value: Any, function: str) -> int:
    """Return ``value`` as a whole number."""
    number = to_number(value)
    if not isinstance(number, int):
        raise ExpressionError(f"{function}() needs a whole number, not {value}")
    return number


def is_set(value: Any) -> bool:
    """Tell whether ``value`` is a set (rather than a list or tuple)."""
    return isinstance(value, SetValue)
