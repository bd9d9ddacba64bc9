"""Type conversion functions: tostring, tonumber, tobool, tolist, toset, tomap."""

from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions.arguments import as_list, as_map
from formation.templates.values import (
    Number,
    SetValue,
    make_set,
    to_bool,
    to_number,
    to_text,
    type_name,
    unify,
)


def tostring(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise ExpressionError(f"tostring() cannot convert a {type_name(value)}")
    return to_text(value)


def tonumber(value: Any) -> Number | None:
    return None if value is None else to_number(value)


def tobool(value: Any) -> bool | None:
    return None if value is None else to_bool(value)


def tolist(value: Any) -> list[Any]:
    return list(unify(list(as_list(value, "tolist"))))


def toset(value: Any) -> SetValue:
    """Return the distinct elements; strings and numbers come sorted."""
    items = as_list(value, "toset")
    if any(item is None for item in items):
        raise ExpressionError("toset(): a set cannot hold null values")
    return make_set(items)


def tomap(value: Any) -> dict[str, Any]:
    mapping = as_map(value, "tomap")
    return dict(zip(mapping, unify(list(mapping.values())), strict=True))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "tostring": tostring,
    "tonumber": tonumber,
    "tobool": tobool,
    "tolist": tolist,
    "toset": toset,
    "tomap": tomap,
}
