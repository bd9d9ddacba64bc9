"""Number functions, exact where Terraform is exact (see ``bignum``)."""

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions.arguments import as_whole
from formation.templates.values import Number, normalize, to_number, to_text

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def min_(*numbers: Any) -> Number:
    if not numbers:
        raise ExpressionError("min() needs at least one number")
    return min(to_number(number) for number in numbers)


def max_(*numbers: Any) -> Number:
    if not numbers:
        raise ExpressionError("max() needs at least one number")
    return max(to_number(number) for number in numbers)


def abs_(number: Any) -> Number:
    value = to_number(number)
    return -value if value < 0 else value


def ceil(number: Any) -> Number:
    return math.ceil(to_number(number))


def floor(number: Any) -> Number:
    return math.floor(to_number(number))


def signum(number: Any) -> Number:
    value = to_number(number)
    return (value > 0) - (value < 0)


def pow_(base: Any, exponent: Any) -> Number:
    left, right = to_number(base), to_number(exponent)
    if isinstance(right, int) and right >= 0:
        return normalize(Fraction(left) ** right)
    return normalize(float(left) ** float(right))


def log(number: Any, base: Any) -> Number:
    value, radix = to_number(number), to_number(base)
    if value <= 0 or radix <= 0 or radix == 1:
        raise ExpressionError("log() needs positive numbers and a base other than 1")
    exact = _exact_log(value, radix)
    return exact if exact is not None else normalize(math.log(value, radix))


def _exact_log(value: Number, radix: Number) -> int | None:
    """Return the logarithm when it is a whole number (log(8, 2) is exactly 3)."""
    if not (isinstance(value, int) and isinstance(radix, int)):
        return None
    power, current = 0, 1
    while current < value:
        current *= radix
        power += 1
    return power if current == value else None


def parseint(value: Any, base: Any) -> int:
    text, radix = to_text(value), as_whole(base, "parseint")
    if not 2 <= radix <= 36:
        raise ExpressionError("parseint(): the base must be between 2 and 36")
    body = text.removeprefix("-").removeprefix("+")
    if not body or any(char.lower() not in DIGITS[:radix] for char in body):
        raise ExpressionError(f'parseint(): cannot parse "{text}" in base {radix}')
    return int(text, radix)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min_,
    "max": max_,
    "abs": abs_,
    "ceil": ceil,
    "floor": floor,
    "signum": signum,
    "pow": pow_,
    "log": log,
    "parseint": parseint,
}
