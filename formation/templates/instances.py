"""Plan a template's instances: each resource expanded by count or for_each.

This is what a deployment works through, one instance per step: managed
resources and data sources alike, dependencies first.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formation.templates.addresses import Key, instance_address, split_address
from formation.templates.errors import ExpressionError, invalid
from formation.templates.expansion import Shape, each_value, expand
from formation.templates.model import Resource, Template
from formation.templates.scope import Evaluation, Scope


@dataclass(frozen=True)
class Instance:
    """One instance of a resource or data source.

    ``address`` is absolute (``module.m.random_id.a["k"]``); ``key`` is the
    count index or for_each key (None without either); ``mode`` is "managed"
    or "data"; ``dependencies`` are the instance addresses that must exist
    first.
    """

    address: str
    type: str
    name: str
    key: int | str | None
    mode: str
    dependencies: frozenset[str]


def plan_instances(
    template: Template, variables: Mapping[str, Any]
) -> tuple[Instance, ...]:
    """Return every instance, dependencies first, in a stable order.

    Raises :class:`TemplateError` ``RF.10011074`` when a count or for_each is
    invalid or depends on values known only after apply. Pure.
    """
    evaluation = Evaluation(template, variables, None)
    shapes = {address: shape(evaluation, address) for address in template.order}
    planned: list[Instance] = []
    for address in template.order:
        resource = template.resources[address]
        needs = frozenset(
            instance
            for dependency in resource.dependencies
            for instance in shapes[dependency].addresses(dependency)
        )
        for key in shapes[address].keys:
            planned.append(
                Instance(
                    address=instance_address(address, key),
                    type=resource.type_name,
                    name=resource.name,
                    key=key,
                    mode=resource.mode,
                    dependencies=needs,
                )
            )
    return tuple(planned)


def shape(evaluation: Evaluation, address: str) -> Shape:
    """Return the instances of resource ``address``; TemplateError when invalid."""
    resource = evaluation.template.resources[address]
    argument = "count" if resource.count is not None else "for_each"
    try:
        return expand(evaluation, address)
    except ExpressionError as error:
        raise invalid(f'{address}: argument "{argument}"', error) from error


def instance_scope(
    evaluation: Evaluation, address: str, extra: Mapping[str, Any] | None = None
) -> tuple[Resource, Key, Scope]:
    """Return the resource, key and evaluation scope of instance ``address``.

    The scope binds ``count.index`` or ``each.key`` / ``each.value``, plus
    ``extra`` names (``self``). Raises KeyError for an address that names no
    instance of the template.
    """
    resource_address, key = _split(address)
    resource = evaluation.template.resources[resource_address]
    found = shape(evaluation, resource_address)
    if key not in found.keys:
        raise KeyError(address)
    names: dict[str, Any] = dict(extra or {})
    if found.mode == "count":
        names["count"] = {"index": key}
    elif found.mode == "for_each":
        value = each_value(evaluation, resource_address, key)
        names["each"] = {"key": key, "value": value}
    return resource, key, Scope(evaluation.context(resource.module), names)


def _split(address: str) -> tuple[str, Key]:
    try:
        return split_address(address)
    except ExpressionError as error:
        raise KeyError(address) from error
