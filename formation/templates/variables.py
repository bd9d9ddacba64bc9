"""Merge the variable values of a request with a template's declarations."""

from collections.abc import Mapping, Sequence
from typing import Any

from formation.templates.document import expand_heredocs
from formation.templates.errors import (
    INVALID,
    VARS_EMPTY,
    VARS_UNPARSABLE,
    ExpressionError,
    TemplateError,
)
from formation.templates.evaluator import evaluate
from formation.templates.model import Template, Variable
from formation.templates.references import collect
from formation.templates.scope import Evaluation, Scope, literal_scope
from formation.templates.syntax import (
    Node,
    name_of,
    parse_body,
    parse_expression,
    trees,
)
from formation.templates.types import convert
from formation.templates.values import to_bool, to_text

SCALARS = frozenset({"string", "number", "bool", "any"})


def load_variables(
    template: Template,
    vars_body: str | None,
    vars_structure: Sequence[Mapping[str, str]] | None,
) -> dict[str, Any]:
    """Return the value of every declared variable.

    ``vars_body`` is tfvars text; ``vars_structure`` holds ``var_key`` and
    ``var_value`` strings, converted to each variable's declared type. Values
    not given fall back to defaults. Raises :class:`TemplateError`:
    ``RF.10011051`` when vars_body does not parse, ``RF.10011052`` for an empty
    number, bool or collection, ``RF.10011074`` for a variable given twice, an
    undeclared or missing variable, a value of the wrong type or a failed
    validation. Pure: no side effects.
    """
    from_body = _body_values(vars_body or "")
    from_structure = _structure_values(vars_structure or ())
    _check_given(template, from_body, from_structure)

    values: dict[str, Any] = {}
    for name, variable in template.variables.items():
        if name in from_body:
            values[name] = _coerce(variable, from_body[name], text=False)
        elif name in from_structure:
            values[name] = _coerce(variable, from_structure[name], text=True)
        elif variable.required:
            raise TemplateError(INVALID, f'variable "{name}" is required')
        else:
            values[name] = _coerce(variable, variable.default, text=False)

    for variable in template.variables.values():
        _validate(template, variable, values)
    return values


def _body_values(text: str) -> dict[str, Any]:
    try:
        body = parse_body(text)
    except ExpressionError as error:
        raise TemplateError(
            VARS_UNPARSABLE, f"vars_body cannot be parsed: {error}"
        ) from error

    values: dict[str, Any] = {}
    for node in trees(body):
        if node.data != "attribute":
            message = 'vars_body may only assign variables, as in name = "value"'
            raise TemplateError(VARS_UNPARSABLE, message)
        name_node, expression = trees(node)
        name = name_of(name_node)
        if name in values:
            message = f'vars_body sets variable "{name}" twice'
            raise TemplateError(VARS_UNPARSABLE, message)
        values[name] = _literal(expand_heredocs(expression), name, VARS_UNPARSABLE)
    return values


def _literal(node: Node, name: str, code: str) -> Any:
    """Evaluate a value given for variable ``name``: references are not allowed."""
    try:
        usage = collect(node)
        if usage.variables or usage.locals or usage.resources or usage.modules:
            raise ExpressionError("references are not allowed in variable values")
        return evaluate(node, literal_scope())
    except ExpressionError as error:
        raise TemplateError(code, f'variable "{name}": {error}') from error


def _structure_values(entries: Sequence[Mapping[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for entry in entries:
        name, value = entry.get("var_key"), entry.get("var_value")
        if not isinstance(name, str) or not isinstance(value, str):
            raise TemplateError(
                INVALID, "vars_structure entries need var_key and var_value"
            )
        if name in values:
            raise TemplateError(
                INVALID, f'variable "{name}" is given twice in vars_structure'
            )
        values[name] = value
    return values


def _check_given(
    template: Template, from_body: Mapping[str, Any], from_structure: Mapping[str, str]
) -> None:
    for name in sorted(from_body.keys() & from_structure.keys()):
        message = f'variable "{name}" is given in both vars_body and vars_structure'
        raise TemplateError(INVALID, message)
    for name in sorted(
        (from_body.keys() | from_structure.keys()) - template.variables.keys()
    ):
        message = f'a value is given for undeclared variable "{name}"'
        raise TemplateError(INVALID, message)


def _coerce(variable: Variable, value: Any, *, text: bool) -> Any:
    """Convert ``value`` to the variable's declared type.

    With ``text`` set the value is a string from vars_structure: numbers and
    bools are parsed from it, collections are read as HCL expressions.
    """
    kind, name = variable.type, variable.name
    if value is None:
        if not variable.nullable:
            raise TemplateError(INVALID, f'variable "{name}" must not be null')
        return None
    if text and value.strip() == "" and kind.kind not in ("string", "any"):
        raise TemplateError(VARS_EMPTY, f'variable "{name}" has an empty value')
    if text and kind.kind not in SCALARS:
        value = _literal(_collection_node(value, name), name, INVALID)
    try:
        return convert(value, kind)
    except ExpressionError as error:
        message = (
            f'variable "{name}": the value does not fit {kind.describe()}: {error}'
        )
        raise TemplateError(INVALID, message) from error


def _collection_node(text: str, name: str) -> Node:
    """Parse a collection given as text for variable ``name``."""
    try:
        return expand_heredocs(parse_expression(text))
    except ExpressionError as error:
        raise TemplateError(INVALID, f'variable "{name}": {error}') from error


def _validate(
    template: Template, variable: Variable, values: Mapping[str, Any]
) -> None:
    where = f'variable "{variable.name}"'
    scope = Scope(Evaluation(template, values, None).context())
    for validation in variable.validations:
        try:
            passed = to_bool(evaluate(validation.condition, scope))
            message = "invalid value"
            if not passed and validation.error_message is not None:
                message = to_text(evaluate(validation.error_message, scope))
        except ExpressionError as error:
            raise TemplateError(
                INVALID, f"{where}: validation failed: {error}"
            ) from error
        if not passed:
            raise TemplateError(INVALID, f"{where}: {message}")
