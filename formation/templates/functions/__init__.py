"""The functions a template may call.

Each function takes and returns plain values (see ``formation.templates.values``)
and raises :class:`ExpressionError` for a bad argument. Arity comes from each
function's Python signature, so it is checked before the call and never
surfaces as a ``TypeError``. Functions that read files take the template's
files first (see ``files``); ``try``, ``can`` and ``templatefile`` need the
evaluator and live there.
"""

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions import (
    conversion,
    dates,
    encoding,
    files,
    lists,
    numeric,
    sets,
    text,
)
from formation.templates.functions.files import read_file
from formation.templates.values import UNKNOWN, has_unknown

__all__ = ["call", "known", "read_file"]

FUNCTIONS: dict[str, Callable[..., Any]] = {
    **text.FUNCTIONS,
    **lists.FUNCTIONS,
    **conversion.FUNCTIONS,
    **sets.FUNCTIONS,
    **numeric.FUNCTIONS,
    **encoding.FUNCTIONS,
    **dates.FUNCTIONS,
    **files.PATH_FUNCTIONS,
}
FILE_FUNCTIONS: dict[str, Callable[..., Any]] = files.FUNCTIONS
EVALUATOR_FUNCTIONS = frozenset({"try", "can", "templatefile"})
# These look only at the shape of their arguments, so a collection holding
# values known only after apply still gives a known result (length of a list
# of unknown ids is known).
STRUCTURAL = frozenset(
    {
        "length",
        "keys",
        "concat",
        "merge",
        "lookup",
        "element",
        "values",
        "tolist",
        "tomap",
        "flatten",
        "coalescelist",
        "slice",
        "reverse",
        "zipmap",
        "one",
        "chunklist",
    }
)


def _arity(function: Callable[..., Any], skip: int = 0) -> tuple[int, int | None]:
    """Return the least and most arguments; ``skip`` leading ones are not given."""
    parameters = list(inspect.signature(function).parameters.values())[skip:]
    required = sum(
        1 for p in parameters if p.default is p.empty and p.kind != p.VAR_POSITIONAL
    )
    variadic = any(p.kind == p.VAR_POSITIONAL for p in parameters)
    return required, None if variadic else len(parameters)


ARITY = {
    **{name: _arity(function) for name, function in FUNCTIONS.items()},
    **{name: _arity(function, skip=1) for name, function in FILE_FUNCTIONS.items()},
}


def known(name: str) -> bool:
    """Tell whether a template may call function ``name``."""
    return name in FUNCTIONS or name in FILE_FUNCTIONS or name in EVALUATOR_FUNCTIONS


def call(name: str, arguments: Sequence[Any], files: Mapping[str, str]) -> Any:
    """Call function ``name`` with evaluated ``arguments``.

    ``files`` are the template's files, read by file() and fileset().
    """
    if name not in ARITY:
        raise ExpressionError(f'unknown function "{name}"')
    least, most = ARITY[name]
    if len(arguments) < least or (most is not None and len(arguments) > most):
        expected = f"at least {least}" if most is None else _between(least, most)
        given = len(arguments)
        message = f"{name}() takes {expected} argument(s), {given} given"
        raise ExpressionError(message)
    if name not in STRUCTURAL and has_unknown(list(arguments)):
        return UNKNOWN
    if name in FILE_FUNCTIONS:
        return FILE_FUNCTIONS[name](files, *arguments)
    return FUNCTIONS[name](*arguments)


def _between(least: int, most: int) -> str:
    return str(least) if least == most else f"{least} to {most}"
