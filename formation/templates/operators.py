"""Arithmetic, comparison and logical operators on evaluated values."""

import operator
from collections.abc import Callable
from fractions import Fraction
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
    """Apply the binary operator whose token type is ``kind``.

    Both operands are already evaluated: like Terraform, ``&&`` and ``||`` do
    not short-circuit.
    """
    if kind == "DOUBLE_EQ":
        return equal(left, right)
    if kind == "NEQ":
        return not equal(left, right)
    if kind == "DOUBLE_AMP":
        return _both(to_bool(left), to_bool(right))
    if kind == "DOUBLE_PIPE":
        return _either(to_bool(left), to_bool(right))
    if kind in _COMPARISONS:
        return _COMPARISONS[kind](to_number(left), to_number(right))
    return _arithmetic(kind, to_number(left), to_number(right))


def unary(kind: str, value: Any) -> Any:
    """Apply the unary operator whose token type is ``kind`` (``-`` or ``!``)."""
    if kind == "NOT":
        return not to_bool(value)
    return normalize(-to_number(value))


def _both(left: bool, right: bool) -> bool:
    return left and right


def _either(left: bool, right: bool) -> bool:
    return left or right


def _arithmetic(kind: str, left: Number, right: Number) -> Number:
    if kind in _ARITHMETIC:
        return normalize(_ARITHMETIC[kind](left, right))
    if kind == "PERCENT":
        return _remainder(left, right)
    if kind != "SLASH":
        raise ExpressionError(f"unknown operator {kind}")
    if right == 0:
        # Terraform answers +Inf here, which no argument accepts later; an
        # error at the division says more.
        raise ExpressionError("division by zero")
    return normalize(Fraction(left) / Fraction(right))


def _remainder(left: Number, right: Number) -> Number:
    """Return the remainder with the sign of ``left``, as Terraform's ``%`` does."""
    if right == 0:
        # Terraform's modulo by zero gives back the dividend.
        return left
    quotient = Fraction(left) / Fraction(right)
    truncated = int(quotient)
    return normalize(Fraction(left) - Fraction(right) * truncated)
