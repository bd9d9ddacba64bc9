"""Shortcuts shared by the template tests."""

from typing import Any

from formation.templates import Template, load_template, load_variables, render_outputs

TYPES = frozenset({"random_id", "random_string", "local_file", "null_resource"})


def load(text: str | bytes) -> Template:
    return load_template(text, known_types=TYPES)


def values(text: str, vars_body: str | None = None) -> dict[str, Any]:
    return load_variables(load(text), vars_body, None)


def value_of(expression: str, **variables: Any) -> Any:
    """Evaluate ``expression`` as an output, with ``variables`` declared and set."""
    declared = "".join(f'variable "{name}" {{}}\n' for name in variables)
    template = load(f'{declared}output "o" {{\n  value = {expression}\n}}\n')
    return render_outputs(template, variables, {})[0].value
