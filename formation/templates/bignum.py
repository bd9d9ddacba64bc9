"""Terraform numbers: exact, arbitrary precision, printed as Terraform prints them.

A whole number is an ``int``; any other is a ``Fraction``, so ``0.1 + 0.2`` is
exactly ``0.3``. Terraform keeps numbers as 512-bit binary floats and prints the
shortest decimal that reads back to the same float; :func:`number_text` does the
same, so ``1/3`` prints with the same 155 digits as ``terraform console``.
"""

import re
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

Number = int | Fraction

MANTISSA_BITS = 512
# A float from JSON state (e.g. 0.1) stands for its shortest decimal, not for
# the binary fraction Python stores.
_DECIMAL = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def normalize(number: Number | float) -> Number:
    """Return ``number`` as an ``int`` when it is whole, else as a ``Fraction``."""
    if isinstance(number, float):
        number = Fraction(repr(number))
    if isinstance(number, Fraction) and number.denominator == 1:
        return int(number)
    return number


def parse_number(text: str) -> Number | None:
    """Return the number a decimal literal stands for, or None if it is not one.

    Like Terraform, no blanks, signs other than a leading ``-``, hex or
    ``inf`` are accepted.
    """
    if not _DECIMAL.fullmatch(text):
        return None
    return normalize(Fraction(text))


def number_text(number: Number) -> str:
    """Format a number without exponent, as Terraform does."""
    number = normalize(number)
    if isinstance(number, int):
        return str(number)
    digits = _shortest(number)
    text = format(digits, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_float(number: Number) -> int | float:
    """Return ``number`` for JSON: ints stay exact, fractions become floats."""
    return number if isinstance(number, int) else float(number)


def _shortest(number: Fraction) -> Decimal:
    """Return the shortest decimal that rounds to the same 512-bit float."""
    target = _binary(number)
    numerator, denominator = Decimal(target.numerator), Decimal(target.denominator)
    for precision in range(1, 200):
        context = Context(prec=precision, rounding=ROUND_HALF_EVEN)
        candidate = context.divide(numerator, denominator)
        if _binary(Fraction(candidate)) == target:
            return candidate
    return Context(prec=200).divide(numerator, denominator)


def _binary(number: Fraction) -> Fraction:
    """Round ``number`` to the nearest float with a 512-bit mantissa."""
    if number == 0:
        return number
    magnitude = abs(number)
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    shift = MANTISSA_BITS - exponent
    scaled = magnitude * Fraction(2) ** shift
    while scaled >= 2**MANTISSA_BITS:
        shift -= 1
        scaled /= 2
    while scaled < 2 ** (MANTISSA_BITS - 1):
        shift += 1
        scaled *= 2
    rounded = Fraction(round(scaled)) / Fraction(2) ** shift
    return rounded if number > 0 else -rounded
