"""Lifecycle of an instance: replacement rules, triggers and conditions."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from formation.templates.addresses import resource_of
from formation.templates.errors import ExpressionError, invalid
from formation.templates.expansion import expand
from formation.templates.instances import instance_scope
from formation.templates.model import Template
from formation.templates.references import reference_address
from formation.templates.render import check_all, evaluate_at
from formation.templates.scope import Evaluation, State
from formation.templates.syntax import Node
from formation.templates.values import to_plain

PHASES = ("pre", "post")


@dataclass(frozen=True)
class Lifecycle:
    """An instance's ``lifecycle`` settings.

    ``ignore_changes`` holds top-level argument names (a nested path such as
    ``triggers["a"]`` counts as its argument, ``triggers``) or "all";
    ``replace_triggered_by`` holds the references as written.
    """

    create_before_destroy: bool
    ignore_changes: frozenset[str] | Literal["all"]
    replace_triggered_by: tuple[str, ...]
    prevent_destroy: bool = False


def lifecycle(template: Template, address: str) -> Lifecycle:
    """Return the lifecycle of resource or instance ``address`` (KeyError if none)."""
    spec = template.resources[resource_of(address)].lifecycle
    return Lifecycle(
        create_before_destroy=spec.create_before_destroy,
        ignore_changes=spec.ignore_changes,
        replace_triggered_by=tuple(text for text, _node in spec.replace_triggered_by),
        prevent_destroy=spec.prevent_destroy,
    )


def replace_triggers(
    template: Template, address: str, variables: Mapping[str, Any], state: State
) -> list[Any]:
    """Return the current values of instance ``address``'s replace_triggered_by.

    A reference to a resource instance stands for all its attributes, so
    any update or replacement of it triggers, as in Terraform (a whole
    resource with count or for_each for the list or map of its instances); a
    reference to an attribute for that attribute. The worker replaces the
    instance when this list differs from the one recorded at its creation.
    Raises TemplateError when a reference cannot be evaluated.
    """
    evaluation = Evaluation(template, variables, state)
    _resource, _key, scope = instance_scope(evaluation, address)
    spec = template.resources[resource_of(address)]
    values: list[Any] = []
    for text, node in spec.lifecycle.replace_triggered_by:
        where = f"{address}: replace_triggered_by {text}"
        value = evaluate_at(node, scope, where)
        values.append(to_plain(_ids(evaluation, spec.module, node, value, where)))
    return values


def _ids(
    evaluation: Evaluation, module: str, node: Node, value: Any, where: str
) -> Any:
    try:
        target, steps = reference_address(node)
    except ExpressionError as error:
        raise invalid(where, error) from error
    if any(step.data == "get_attr" for step in steps):
        return value
    mode = expand(evaluation, module + target).mode
    if steps or mode == "single":
        return _id(value)
    if isinstance(value, dict):
        return {key: _id(item) for key, item in value.items()}
    return [_id(item) for item in value]


def _id(value: Any) -> Any:
    # The instance's whole state: an in-place update changes it, as a
    # replacement does; its id alone would miss updates.
    return value


def check_conditions(
    template: Template,
    address: str,
    variables: Mapping[str, Any],
    state: State,
    *,
    phase: str,
    self_attributes: Mapping[str, Any] | None = None,
) -> None:
    """Check instance ``address``'s preconditions (phase "pre", before its
    provider call) or postconditions (phase "post", after it).

    Postconditions read ``self`` from ``self_attributes``, or from the state
    when not given. Raises :class:`TemplateError` ``RF.10011074`` carrying the
    block's error_message when a condition is false.
    """
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
    evaluation = Evaluation(template, variables, state)
    spec = template.resources[resource_of(address)].lifecycle
    if phase == "pre":
        _resource, _key, scope = instance_scope(evaluation, address)
        check_all(spec.preconditions, scope, f"{address}: precondition")
        return
    attributes = self_attributes if self_attributes is not None else state.get(address)
    _resource, _key, scope = instance_scope(
        evaluation, address, {"self": dict(attributes or {})}
    )
    check_all(spec.postconditions, scope, f"{address}: postcondition")
