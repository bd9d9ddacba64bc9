"""Set functions; their results are sets, whatever collections they are given."""

from collections.abc import Callable
from typing import Any

from formation.templates.functions.arguments import as_list
from formation.templates.values import SetValue, equal, make_set


def setintersection(first: Any, *others: Any) -> SetValue:
    common = make_set(as_list(first, "setintersection"))
    for other in others:
        items = as_list(other, "setintersection")
        common = SetValue(x for x in common if any(equal(x, y) for y in items))
    return common


def setunion(first: Any, *others: Any) -> SetValue:
    items = [*as_list(first, "setunion")]
    for other in others:
        items.extend(as_list(other, "setunion"))
    return make_set(items)


def setsubtract(first: Any, second: Any) -> SetValue:
    removed = as_list(second, "setsubtract")
    kept = [
        x
        for x in as_list(first, "setsubtract")
        if not any(equal(x, y) for y in removed)
    ]
    return make_set(kept)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "setintersection": setintersection,
    "setunion": setunion,
    "setsubtract": setsubtract,
}
