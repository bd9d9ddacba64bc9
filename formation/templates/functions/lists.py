"""Collection functions: lists, sets and maps."""

from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import equal, to_number, to_text, type_name

_MISSING = object()
RANGE_LIMIT = 1024


def _list(value: Any, function: str) -> list[Any]:
    if not isinstance(value, list):
        raise ExpressionError(f"{function}() needs a list, not a {type_name(value)}")
    return value


def _map(value: Any, function: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ExpressionError(f"{function}() needs a map, not a {type_name(value)}")
    return value


def length(value: Any) -> int:
    if isinstance(value, str | list | dict):
        return len(value)
    raise ExpressionError(f"length() cannot measure a {type_name(value)}")


def concat(*lists: Any) -> list[Any]:
    return [item for listing in lists for item in _list(listing, "concat")]


def lookup(collection: Any, key: Any, default: Any = _MISSING) -> Any:
    mapping = _map(collection, "lookup")
    name = to_text(key)
    if name in mapping:
        return mapping[name]
    if default is _MISSING:
        raise ExpressionError(f'lookup(): the map has no key "{name}" and no default')
    return default


def merge(*maps: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for mapping in maps:
        if mapping is not None:
            merged.update(_map(mapping, "merge"))
    return merged


def distinct(listing: Any) -> list[Any]:
    unique: list[Any] = []
    for item in _list(listing, "distinct"):
        if not any(equal(item, seen) for seen in unique):
            unique.append(item)
    return unique


def toset(listing: Any) -> list[Any]:
    """Return the distinct elements; strings come sorted, as Terraform lists a set."""
    unique = distinct(listing)
    if all(isinstance(item, str) for item in unique):
        return sorted(unique)
    return unique


def tolist(listing: Any) -> list[Any]:
    return list(_list(listing, "tolist"))


def tomap(mapping: Any) -> dict[str, Any]:
    return dict(_map(mapping, "tomap"))


def keys(mapping: Any) -> list[str]:
    return sorted(_map(mapping, "keys"))


def values(mapping: Any) -> list[Any]:
    items = _map(mapping, "values")
    return [items[key] for key in sorted(items)]


def contains(listing: Any, value: Any) -> bool:
    return any(equal(item, value) for item in _list(listing, "contains"))


def element(listing: Any, index: Any) -> Any:
    items = _list(listing, "element")
    if not items:
        raise ExpressionError("element() cannot take an element of an empty list")
    return items[int(to_number(index)) % len(items)]


def compact(listing: Any) -> list[Any]:
    return [item for item in _list(listing, "compact") if item not in (None, "")]


def flatten(listing: Any) -> list[Any]:
    flat: list[Any] = []
    for item in _list(listing, "flatten"):
        flat.extend(flatten(item) if isinstance(item, list) else [item])
    return flat


def coalesce(*candidates: Any) -> Any:
    for candidate in candidates:
        if candidate is not None and candidate != "":
            return candidate
    raise ExpressionError("coalesce(): no non-null, non-empty argument")


def range_(first: Any, *more: Any) -> list[Any]:
    """Return ``range(limit)``, ``range(start, limit[, step])``: at most 1024 items."""
    numbers = [to_number(bound) for bound in (first, *more)]
    if len(numbers) > 3:
        raise ExpressionError("range() takes 1 to 3 arguments")
    start, limit, step = _range_bounds(numbers)
    result: list[Any] = []
    current = start
    while (current < limit) if step > 0 else (current > limit):
        result.append(current)
        if len(result) > RANGE_LIMIT:
            raise ExpressionError(
                f"range() would produce more than {RANGE_LIMIT} items"
            )
        current += step
    return result


def _range_bounds(numbers: list[Any]) -> tuple[Any, Any, Any]:
    start, limit = (0, numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[1])
    step = numbers[2] if len(numbers) == 3 else (1 if limit >= start else -1)
    if step == 0:
        raise ExpressionError("range() step must not be zero")
    return start, limit, step


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": length,
    "concat": concat,
    "lookup": lookup,
    "merge": merge,
    "distinct": distinct,
    "toset": toset,
    "tolist": tolist,
    "tomap": tomap,
    "keys": keys,
    "values": values,
    "contains": contains,
    "element": element,
    "compact": compact,
    "flatten": flatten,
    "coalesce": coalesce,
    "range": range_,
}
