"""Read block settings that must be constants: defaults, flags, descriptions."""

from collections.abc import Mapping
from typing import Any

from formation.templates.errors import ExpressionError, invalid
from formation.templates.references import collect, unwrap
from formation.templates.scope import literal_scope
from formation.templates.syntax import Node, literal_string, name_of
from formation.templates.values import to_bool, to_text


def constant(node: Node, where: str) -> Any:
    """Evaluate an expression that may not refer to anything, such as a default."""
    try:
        usage = collect(node)
        if usage.variables or usage.locals or usage.resources or usage.modules:
            raise ExpressionError("references are not allowed here")
        if usage.specials:
            raise ExpressionError("references are not allowed here")
        from formation.templates.evaluator import evaluate

        return evaluate(node, literal_scope())
    except ExpressionError as error:
        raise invalid(where, error) from error


def text_setting(attributes: Mapping[str, Node], name: str, where: str) -> str:
    """Return a constant string argument, "" when it is not set."""
    value = _setting(attributes, name, where)
    try:
        return "" if value is None else to_text(value)
    except ExpressionError as error:
        raise invalid(f'{where}: argument "{name}"', error) from error


def flag(
    attributes: Mapping[str, Node], name: str, where: str, default: bool = False
) -> bool:
    """Return a constant bool argument, ``default`` when it is not set."""
    value = _setting(attributes, name, where)
    try:
        return default if value is None else to_bool(value)
    except ExpressionError as error:
        raise invalid(f'{where}: argument "{name}"', error) from error


def keyword(node: Node, where: str) -> str:
    """Return a bare keyword such as ``destroy`` (or the same word quoted)."""
    term = unwrap(node)
    if term.data == "identifier":
        return name_of(term)
    if term.data == "string":
        try:
            return literal_string(term)
        except ExpressionError as error:
            raise invalid(where, error) from error
    raise invalid(where, "a keyword is expected")


def _setting(attributes: Mapping[str, Node], name: str, where: str) -> Any:
    if name not in attributes:
        return None
    return constant(attributes[name], f'{where}: argument "{name}"')
