"""Number functions."""

import math
from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import Number, normalize, to_number


def min_(*numbers: Any) -> Number:
    if not numbers:
        raise ExpressionError("min() needs at least one number")
    return min(to_number(number) for number in numbers)


def max_(*numbers: Any) -> Number:
    if not numbers:
        raise ExpressionError("max() needs at least one number")
    return max(to_number(number) for number in numbers)


def abs_(number: Any) -> Number:
    return abs(to_number(number))


def ceil(number: Any) -> Number:
    return math.ceil(to_number(number))


def floor(number: Any) -> Number:
    return math.floor(to_number(number))


def tonumber(value: Any) -> Number | None:
    return None if value is None else normalize(to_number(value))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min_,
    "max": max_,
    "abs": abs_,
    "ceil": ceil,
    "floor": floor,
    "tonumber": tonumber,
}
