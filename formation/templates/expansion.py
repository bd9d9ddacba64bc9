"""How many instances a resource has: ``count`` and ``for_each``.

Both are evaluated without state, so they may use variables, locals, literals
and the keys of other resources' ``for_each``, but no attribute known only
after apply; that is an error, as in Terraform.
"""

from dataclasses import dataclass
from typing import Any

from formation.templates.addresses import Key, instance_address
from formation.templates.errors import ExpressionError
from formation.templates.scope import Evaluation, Scope
from formation.templates.values import (
    UNKNOWN,
    SetValue,
    has_unknown,
    to_number,
    type_name,
)

COUNT_UNKNOWN = (
    'the "count" value depends on resource attributes that cannot be determined '
    "until apply, so the number of instances cannot be predicted"
)
FOR_EACH_UNKNOWN = (
    'the "for_each" value includes keys derived from resource attributes that '
    "cannot be determined until apply, so the instances cannot be identified"
)


@dataclass(frozen=True)
class Shape:
    """A resource's instances: ``mode`` is "single", "count" or "for_each"."""

    mode: str
    keys: tuple[Key, ...]

    def addresses(self, address: str) -> list[str]:
        """Return the instance addresses of resource ``address``, in key order."""
        return [instance_address(address, key) for key in self.keys]

    def arrange(self, values: list[Any]) -> Any:
        """Return per-instance ``values`` as the resource reads: object, list or map."""
        if self.mode == "single":
            return values[0]
        if self.mode == "count":
            return values
        return dict(zip([str(key) for key in self.keys], values, strict=True))


def expand(evaluation: Evaluation, address: str) -> Shape:
    """Return the instances of resource ``address``, computed once per evaluation.

    Raises :class:`ExpressionError` when count or for_each is invalid or not
    known before apply.
    """
    planning = evaluation.planning
    if address not in planning.expansions:
        planning.expansions[address] = _shape(planning, address)
    shape: Shape = planning.expansions[address]
    return shape


def _shape(planning: Evaluation, address: str) -> Shape:
    from formation.templates.evaluator import evaluate

    resource = planning.template.resources[address]
    scope = Scope(planning.context(resource.module))
    if resource.count is not None:
        return Shape("count", tuple(range(_count(evaluate(resource.count, scope)))))
    if resource.for_each is not None:
        return Shape(
            "for_each", tuple(for_each_keys(evaluate(resource.for_each, scope)))
        )
    return Shape("single", (None,))


# More instances than a stack can sensibly hold: each is one step, one record
# and several events, so a larger count is refused when the request is made.
MAX_INSTANCES = 1000


def _count(value: Any) -> int:
    if value is UNKNOWN:
        raise ExpressionError(COUNT_UNKNOWN)
    if value is None:
        raise ExpressionError('the "count" value is null; a whole number is required')
    number = to_number(value)
    if not isinstance(number, int):
        raise ExpressionError('the "count" value must be a whole number')
    if number < 0:
        raise ExpressionError('the "count" value must not be negative')
    if number > MAX_INSTANCES:
        raise ExpressionError(
            f'the "count" value {number} is over the limit of {MAX_INSTANCES} '
            "instances per resource"
        )
    return number


def for_each_keys(value: Any) -> list[str]:
    """Return the instance keys of a for_each value, sorted as Terraform sorts them."""
    if value is UNKNOWN:
        raise ExpressionError(FOR_EACH_UNKNOWN)
    if value is None:
        raise ExpressionError(
            'the "for_each" value is null; a map, or a set of strings, is required'
        )
    if isinstance(value, dict | SetValue) and len(value) > MAX_INSTANCES:
        raise ExpressionError(
            f'the "for_each" value has {len(value)} elements, over the limit of '
            f"{MAX_INSTANCES} instances per resource"
        )
    if isinstance(value, dict):
        return sorted(value)
    if not isinstance(value, SetValue):
        raise ExpressionError(
            'the "for_each" value must be a map, or a set of strings, not a '
            f"{type_name(value)}; convert a list with toset()"
        )
    if has_unknown(value):
        raise ExpressionError(FOR_EACH_UNKNOWN)
    if not all(isinstance(item, str) for item in value):
        raise ExpressionError('the "for_each" set must hold strings only')
    return sorted(value)


def each_value(evaluation: Evaluation, address: str, key: Key) -> Any:
    """Return ``each.value`` of instance ``key`` of resource ``address``."""
    from formation.templates.evaluator import evaluate

    if address not in evaluation.for_each_values:
        resource = evaluation.template.resources[address]
        node = resource.for_each
        scope = Scope(evaluation.context(resource.module))
        evaluation.for_each_values[address] = (
            None if node is None else evaluate(node, scope)
        )
    collection = evaluation.for_each_values[address]
    if isinstance(collection, dict):
        return collection.get(str(key), UNKNOWN)
    return key
