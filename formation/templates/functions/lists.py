"""Collection functions: lists, tuples and maps."""

from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions.arguments import as_list, as_map, as_whole
from formation.templates.functions.graphemes import graphemes
from formation.templates.values import (
    UNKNOWN,
    SetValue,
    UnknownValue,
    equal,
    to_bool,
    to_number,
    to_text,
    type_name,
    unify,
)

_MISSING = object()
RANGE_LIMIT = 1024


def length(value: Any) -> int:
    """Count elements, map keys, or characters (grapheme clusters) of a string."""
    if isinstance(value, str):
        return len(graphemes(value))
    if isinstance(value, list | dict):
        return len(value)
    if value is UNKNOWN:
        raise UnknownValue()
    raise ExpressionError(f"length() cannot measure a {type_name(value)}")


def concat(*lists: Any) -> list[Any]:
    return [item for listing in lists for item in as_list(listing, "concat")]


def lookup(collection: Any, key: Any, default: Any = _MISSING) -> Any:
    mapping = as_map(collection, "lookup")
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
            merged.update(as_map(mapping, "merge"))
    return merged


def distinct(listing: Any) -> list[Any]:
    unique: list[Any] = []
    for item in unify(as_list(listing, "distinct")):
        if not any(equal(item, seen) for seen in unique):
            unique.append(item)
    return unique


def keys(mapping: Any) -> list[str]:
    return sorted(as_map(mapping, "keys"))


def values(mapping: Any) -> list[Any]:
    items = as_map(mapping, "values")
    return [items[key] for key in sorted(items)]


def contains(listing: Any, value: Any) -> bool:
    return any(equal(item, value) for item in as_list(listing, "contains"))


def element(listing: Any, index: Any) -> Any:
    items = as_list(listing, "element")
    if isinstance(listing, SetValue):
        raise ExpressionError("element() cannot index a set; use tolist() first")
    if not items:
        raise ExpressionError("element() cannot take an element of an empty list")
    position = as_whole(index, "element")
    if position < 0:
        raise ExpressionError("element(): the index must not be negative")
    return items[position % len(items)]


def index(listing: Any, value: Any) -> int:
    for position, item in enumerate(as_list(listing, "index")):
        if equal(item, value):
            return position
    raise ExpressionError("index(): the value is not in the list")


def compact(listing: Any) -> list[Any]:
    items = [to_text(item) for item in as_list(listing, "compact") if item is not None]
    return [item for item in items if item != ""]


def flatten(listing: Any) -> list[Any]:
    flat: list[Any] = []
    for item in as_list(listing, "flatten"):
        flat.extend(flatten(item) if isinstance(item, list) else [item])
    return flat


def coalesce(*candidates: Any) -> Any:
    for candidate in unify(list(candidates)):
        if candidate is not None and candidate != "":
            return candidate
    raise ExpressionError("coalesce(): no non-null, non-empty-string argument")


def coalescelist(*lists: Any) -> list[Any]:
    if not lists:
        raise ExpressionError("coalescelist() needs at least one argument")
    for listing in lists:
        if as_list(listing, "coalescelist"):
            return list(listing)
    return []


def reverse(listing: Any) -> list[Any]:
    return list(reversed(as_list(listing, "reverse")))


def slice_(listing: Any, start: Any, end: Any) -> list[Any]:
    items = as_list(listing, "slice")
    first, last = as_whole(start, "slice"), as_whole(end, "slice")
    if first < 0 or last > len(items) or first > last:
        raise ExpressionError("slice(): the indexes are out of range")
    return items[first:last]


def sort(listing: Any) -> list[str]:
    items = as_list(listing, "sort")
    if any(item is None for item in items):
        raise ExpressionError("sort() cannot sort null values")
    return sorted(to_text(item) for item in items)


def zipmap(names: Any, items: Any) -> dict[str, Any]:
    keys_, values_ = as_list(names, "zipmap"), as_list(items, "zipmap")
    if len(keys_) != len(values_):
        raise ExpressionError("zipmap(): the two lists must have the same length")
    return {to_text(key): value for key, value in zip(keys_, values_, strict=True)}


def one(listing: Any) -> Any:
    items = as_list(listing, "one")
    if len(items) > 1:
        raise ExpressionError("one() needs a list of no more than one element")
    return items[0] if items else None


def sum_(listing: Any) -> Any:
    items = as_list(listing, "sum")
    if not items:
        raise ExpressionError("sum() cannot sum an empty list")
    total: Any = 0
    for item in items:
        total += to_number(item)
    return to_number(total)


def alltrue(listing: Any) -> bool:
    return all([to_bool(item) for item in as_list(listing, "alltrue")])


def anytrue(listing: Any) -> bool:
    return any([to_bool(item) for item in as_list(listing, "anytrue")])


def chunklist(listing: Any, size: Any) -> list[list[Any]]:
    items, step = as_list(listing, "chunklist"), as_whole(size, "chunklist")
    if step < 0:
        raise ExpressionError("chunklist(): the size must not be negative")
    if step == 0:
        return [list(items)]
    return [items[start : start + step] for start in range(0, len(items), step)]


def range_(first: Any, *more: Any) -> list[Any]:
    """Return ``range(limit)``, ``range(start, limit[, step])``: at most 1024 items."""
    numbers = [to_number(bound) for bound in (first, *more)]
    if len(numbers) > 3:
        raise ExpressionError("range() takes 1 to 3 arguments")
    start, limit, step = _range_bounds(numbers)
    result: list[Any] = []
    current = start
    while (current < limit) if step > 0 else (current > limit):
        result.append(to_number(current))
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
    if (step > 0 and start > limit) or (step < 0 and start < limit):
        raise ExpressionError("range(): the step goes away from the limit")
    return start, limit, step


def matchkeys(items: Any, names: Any, searchset: Any) -> list[Any]:
    values_, keys_ = as_list(items, "matchkeys"), as_list(names, "matchkeys")
    if len(values_) != len(keys_):
        raise ExpressionError("matchkeys(): the lists must have the same length")
    wanted = as_list(searchset, "matchkeys")
    return [
        value
        for value, key in zip(values_, keys_, strict=True)
        if any(equal(key, search) for search in wanted)
    ]


def transpose(mapping: Any) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, listing in sorted(as_map(mapping, "transpose").items()):
        for item in as_list(listing, "transpose"):
            result.setdefault(to_text(item), []).append(key)
    return {key: sorted(items) for key, items in sorted(result.items())}


def setproduct(*lists: Any) -> list[list[Any]]:
    product: list[list[Any]] = [[]]
    for listing in lists:
        items = as_list(listing, "setproduct")
        product = [[*row, item] for row in product for item in items]
    if any(isinstance(listing, SetValue) for listing in lists):
        return SetValue(product)
    return product


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": length,
    "concat": concat,
    "lookup": lookup,
    "merge": merge,
    "distinct": distinct,
    "keys": keys,
    "values": values,
    "contains": contains,
    "element": element,
    "index": index,
    "compact": compact,
    "flatten": flatten,
    "coalesce": coalesce,
    "coalescelist": coalescelist,
    "reverse": reverse,
    "slice": slice_,
    "sort": sort,
    "zipmap": zipmap,
    "one": one,
    "sum": sum_,
    "alltrue": alltrue,
    "anytrue": anytrue,
    "chunklist": chunklist,
    "range": range_,
    "matchkeys": matchkeys,
    "transpose": transpose,
    "setproduct": setproduct,
}
