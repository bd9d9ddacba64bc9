"""Evaluate a loaded template's resources and outputs."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formation.templates.errors import ExpressionError, NeedsState, invalid
from formation.templates.evaluator import evaluate
from formation.templates.model import Template
from formation.templates.scope import Context, Scope
from formation.templates.syntax import Node

State = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class OutputValue:
    """The value of one output after a deployment."""

    name: str
    description: str
    value: Any
    sensitive: bool


class StaticArguments(dict[str, Any]):
    """Arguments known before any resource exists.

    ``pending`` names the arguments left out because they depend on resource
    state, so a check can tell "not known yet" from "not given".
    """

    def __init__(self, values: Mapping[str, Any], pending: frozenset[str]) -> None:
        super().__init__(values)
        self.pending = pending


def render_resource(
    template: Template, address: str, variables: Mapping[str, Any], state: State
) -> dict[str, Any]:
    """Return the arguments of resource ``address``, evaluated.

    ``state`` maps each created resource's address to its attributes. Meta
    arguments (``depends_on``, ``lifecycle``, ``provider``) are not included.
    Raises :class:`TemplateError` ``RF.10011074`` when an expression fails, e.g.
    it reads an attribute the state does not have; KeyError for an address the
    template does not declare.
    """
    context = Context(variables, template.locals, state)
    arguments = template.resources[address].arguments
    return {
        name: _evaluate(node, context, f'{address}: argument "{name}"')
        for name, node in arguments.items()
    }


def check_static(
    template: Template, variables: Mapping[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """Evaluate what can be evaluated before any resource exists.

    Returns, for each resource in dependency order, its arguments that do not
    depend on resource state; the others are left out of the dict and listed
    in its ``pending`` attribute (a :class:`StaticArguments`). Raises
    :class:`TemplateError` for an expression that fails whatever the state.
    """
    context = Context(variables, template.locals, None)
    checked: list[tuple[str, dict[str, Any]]] = []
    for address in template.addresses:
        values: dict[str, Any] = {}
        pending: set[str] = set()
        for name, node in template.resources[address].arguments.items():
            try:
                values[name] = _evaluate(node, context, f'{address}: argument "{name}"')
            except NeedsState:
                pending.add(name)
        checked.append((address, StaticArguments(values, frozenset(pending))))
    return checked


def render_outputs(
    template: Template, variables: Mapping[str, Any], state: State
) -> list[OutputValue]:
    """Return every output's value, in declaration order."""
    context = Context(variables, template.locals, state)
    return [
        OutputValue(
            name=output.name,
            description=output.description,
            value=_evaluate(output.value, context, f'output "{output.name}"'),
            sensitive=output.sensitive,
        )
        for output in template.outputs
    ]


def _evaluate(node: Node, context: Context, where: str) -> Any:
    try:
        return evaluate(node, Scope(context))
    except ExpressionError as error:
        raise invalid(where, error) from error
