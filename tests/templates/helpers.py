"""Shortcuts shared by the template tests."""

from collections.abc import Mapping
from typing import Any

from formation.templates import (
    Template,
    load_template,
    load_variables,
    plan_instances,
    render_outputs,
    render_resource,
)

TYPES = frozenset(
    {
        "random_id",
        "random_string",
        "local_file",
        "null_resource",
        "terraform_data",
        "time_static",
    }
)
DATA_TYPES = frozenset({"local_file", "local_sensitive_file"})


def load(text: str | bytes | Mapping[str, str]) -> Template:
    return load_template(text, known_types=TYPES, known_data_types=DATA_TYPES)


def values(text: str, vars_body: str | None = None) -> dict[str, Any]:
    return load_variables(load(text), vars_body, None)


def value_of(expression: str, **variables: Any) -> Any:
    """Evaluate ``expression`` as an output, with ``variables`` declared and set."""
    declared = "".join(f'variable "{name}" {{}}\n' for name in variables)
    template = load(f'{declared}output "o" {{\n  value = {expression}\n}}\n')
    return render_outputs(template, variables, {})[0].value


def apply(
    template: Template, variables: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Render every planned instance in order, as a deployment would.

    Each instance's state is its arguments plus an ``id`` naming it, so
    references to other instances can be checked.
    """
    given = dict(variables or {})
    state: dict[str, dict[str, Any]] = {}
    for instance in plan_instances(template, given):
        config = render_resource(template, instance.address, given, state)
        state[instance.address] = {**config, "id": f"id-{instance.address}"}
    return state


def outputs(
    template: Template,
    state: Mapping[str, Mapping[str, Any]],
    variables: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    rendered = render_outputs(template, dict(variables or {}), state)
    return {output.name: output.value for output in rendered}
