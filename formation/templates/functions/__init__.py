"""The functions a template may call.

Each function takes and returns plain values (see ``formation.templates.values``)
and raises :class:`ExpressionError` for a bad argument. Arity comes from each
function's Python signature, so it is checked before the call and never
surfaces as a ``TypeError``.
"""

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions import encoding, lists, numeric, text

FUNCTIONS: dict[str, Callable[..., Any]] = {
    **text.FUNCTIONS,
    **lists.FUNCTIONS,
    **numeric.FUNCTIONS,
    **encoding.FUNCTIONS,
}


def _arity(function: Callable[..., Any]) -> tuple[int, int | None]:
    parameters = inspect.signature(function).parameters.values()
    required = sum(
        1 for p in parameters if p.default is p.empty and p.kind != p.VAR_POSITIONAL
    )
    variadic = any(p.kind == p.VAR_POSITIONAL for p in parameters)
    return required, None if variadic else len(parameters)


ARITY = {name: _arity(function) for name, function in FUNCTIONS.items()}


def known(name: str) -> bool:
    """Tell whether a template may call function ``name``."""
    return name in FUNCTIONS


def call(name: str, arguments: Sequence[Any]) -> Any:
    """Call function ``name`` with evaluated ``arguments``."""
    if name not in FUNCTIONS:
        raise ExpressionError(f'unknown function "{name}"')
    least, most = ARITY[name]
    if len(arguments) < least or (most is not None and len(arguments) > most):
        expected = f"at least {least}" if most is None else _between(least, most)
        given = len(arguments)
        message = f"{name}() takes {expected} argument(s), {given} given"
        raise ExpressionError(message)
    return FUNCTIONS[name](*arguments)


def _between(least: int, most: int) -> str:
    return str(least) if least == most else f"{least} to {most}"
