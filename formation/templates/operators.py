"""Arithmetic, comparison and logical operators on evaluated values."""

import math
import operator
from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import Number, equal, normalize, to_bool, to_number

_ARITHMETIC: dict[str, Callable[[Number, Number], Number]] = {
    "PLUS": operator.add,
    "MINUS": operator.sub,
    "ASTERISK": operator.mul,
}
_COMPARISONS: dict[str, Callable[[Number, Number], bool]] = {
    "LT": operator.lt,
    "GT": operator.gt,
    "LEQ": operator.le,
    "GEQ": operator.ge,
}


def binary(kind: str, left: Any, right: Any) -> Any:
    """Apply the binary operator whose token type is ``kind``."""
    if kind == "DOUBLE_EQ":
        return equal(left, right)
    if kind == "NEQ":
        return not equal(left, right)
    if kind == "DOUBLE_AMP":
        return to_bool(left) and to_bool(right)
    if kind == "DOUBLE_PIPE":
        return to_bool(left) or to_bool(right)
    if kind in _COMPARISONS:
        return _COMPARISONS[kind](to_number(left), to_number(right))
    return _arithmetic(kind, to_number(left), to_number(right))


def unary(kind: str, value: Any) -> Any:
    """Apply the unary operator whose token type is ``kind`` (``-`` or ``!``)."""
    if kind == "NOT":
        return not to_bool(value)
    return normalize(-to_number(value))


def _arithmetic(kind: str, left: Number, right: Number) -> Number:
    if kind in _ARITHMETIC:
        return normalize(_ARITHMETIC[kind](left, right))
    if right == 0:
        raise ExpressionError("division by zero")
    if kind == "SLASH":
        return normalize(left / right)
    if kind == "PERCENT":
        return normalize(math.fmod(left, right))
    raise ExpressionError(f"unknown operator {kind}")
