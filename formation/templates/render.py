"""Evaluate a loaded template's resources and outputs."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formation.templates.errors import INVALID, ExpressionError, TemplateError, invalid
from formation.templates.evaluator import evaluate
from formation.templates.instances import Instance, instance_scope, plan_instances
from formation.templates.model import Condition, Template
from formation.templates.scope import Evaluation, Scope, State
from formation.templates.syntax import Node
from formation.templates.values import UNKNOWN, has_unknown, to_bool, to_plain, to_text


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
    """Return the arguments of instance ``address`` (resource or data), evaluated.

    ``state`` maps each created instance's address (data sources under
    ``data.``) to its attributes. Meta-arguments (``count``, ``for_each``,
    ``depends_on``, ``lifecycle``, ``provider``, provisioners) are not
    included. Raises :class:`TemplateError` ``RF.10011074`` when an expression
    fails, e.g. it reads an attribute the state does not have; KeyError for an
    address that names no instance of the template.
    """
    evaluation = Evaluation(template, variables, state)
    resource, _key, scope = instance_scope(evaluation, address)
    return {
        name: to_plain(evaluate_at(node, scope, f'{address}: argument "{name}"'))
        for name, node in resource.arguments.items()
    }


def check_static(
    template: Template, variables: Mapping[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """Evaluate the managed instances' arguments that need no state.

    Returns, for each managed instance in dependency order, its arguments
    that do not depend on resource state; the others are left out of the dict
    and listed in its ``pending`` attribute (a :class:`StaticArguments`).
    Raises :class:`TemplateError` for an expression that fails whatever the
    state, or an invalid count or for_each.
    """
    return [
        (instance.address, arguments)
        for instance, arguments in check_instances(template, variables)
        if instance.mode == "managed"
    ]


def check_instances(
    template: Template, variables: Mapping[str, Any]
) -> list[tuple[Instance, StaticArguments]]:
    """Like :func:`check_static`, for every instance, data sources included."""
    evaluation = Evaluation(template, variables, None)
    checked: list[tuple[Instance, StaticArguments]] = []
    for instance in plan_instances(template, variables):
        resource, _key, scope = instance_scope(evaluation, instance.address)
        values: dict[str, Any] = {}
        pending: set[str] = set()
        for name, node in resource.arguments.items():
            where = f'{instance.address}: argument "{name}"'
            value = evaluate_at(node, scope, where)
            if has_unknown(value):
                pending.add(name)
            else:
                values[name] = to_plain(value)
        checked.append((instance, StaticArguments(values, frozenset(pending))))
    return checked


def render_outputs(
    template: Template, variables: Mapping[str, Any], state: State
) -> list[OutputValue]:
    """Return every root output's value, in declaration order.

    A resource with count reads as a list of its instances, one with for_each
    as a map. Raises :class:`TemplateError` when a value fails or an output's
    precondition is false.
    """
    context = Evaluation(template, variables, state).context()
    values: list[OutputValue] = []
    for output in template.outputs:
        where = f'output "{output.name}"'
        check_all(output.preconditions, Scope(context), where)
        values.append(
            OutputValue(
                name=output.name,
                description=output.description,
                value=to_plain(evaluate_at(output.value, Scope(context), where)),
                sensitive=output.sensitive,
            )
        )
    return values


def evaluate_at(node: Node, scope: Scope, where: str) -> Any:
    """Evaluate ``node``; an ExpressionError becomes a TemplateError at ``where``."""
    try:
        return evaluate(node, scope)
    except ExpressionError as error:
        raise invalid(where, error) from error


def check_all(conditions: tuple[Condition, ...], scope: Scope, where: str) -> None:
    """Raise TemplateError ``RF.10011074`` with the first false condition's message.

    A condition that cannot be decided yet (unknown) passes.
    """
    for condition in conditions:
        passed = evaluate_at(condition.condition, scope, f"{where}: condition")
        if passed is UNKNOWN:
            continue
        try:
            holds = to_bool(passed)
        except ExpressionError as error:
            raise invalid(f"{where}: condition", error) from error
        if not holds:
            raise TemplateError(
                INVALID, f"{where}: {_message(condition, scope, where)}"
            )


def _message(condition: Condition, scope: Scope, where: str) -> str:
    if condition.error_message is None:
        return "condition failed"
    value = evaluate_at(condition.error_message, scope, f"{where}: error_message")
    return "condition failed" if value is UNKNOWN else to_text(value)
