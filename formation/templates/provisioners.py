"""Provisioners of an instance: which run, when, and with what arguments.

Only ``local-exec`` is accepted (the loader refuses the others). Running the
command is the worker's business, and only when an operator allows it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formation.templates.addresses import resource_of
from formation.templates.errors import INVALID, TemplateError
from formation.templates.instances import instance_scope
from formation.templates.model import Template
from formation.templates.render import evaluate_at
from formation.templates.scope import Evaluation, State
from formation.templates.values import to_plain


@dataclass(frozen=True)
class Provisioner:
    """A provisioner block: its type, ``when`` ("create" or "destroy") and
    ``on_failure`` ("fail" or "continue")."""

    type: str
    when: str
    on_failure: str


def provisioners(template: Template, address: str) -> tuple[Provisioner, ...]:
    """Return the provisioners of resource or instance ``address``, in order."""
    specs = template.resources[resource_of(address)].provisioners
    return tuple(Provisioner(s.type, s.when, s.on_failure) for s in specs)


def render_provisioner(
    template: Template,
    address: str,
    index: int,
    variables: Mapping[str, Any],
    state: State,
    self_attributes: Mapping[str, Any],
) -> dict[str, Any]:
    """Return provisioner ``index`` of instance ``address``, evaluated.

    The result has ``command`` (str), ``interpreter`` (list of str or None),
    ``environment`` (dict of str or None), ``working_dir`` (str or None) and
    ``quiet`` (bool). ``self`` reads ``self_attributes``. Raises
    :class:`TemplateError` when an argument fails or has the wrong type.
    """
    evaluation = Evaluation(template, variables, state)
    resource, _key, scope = instance_scope(
        evaluation, address, {"self": dict(self_attributes)}
    )
    spec = resource.provisioners[index]
    where = f'{address}: provisioner "{spec.type}"'
    values = {
        name: to_plain(evaluate_at(node, scope, f"{where}: {name}"))
        for name, node in spec.arguments.items()
    }
    return {
        "command": _text(values.get("command"), f"{where}: command"),
        "interpreter": _texts(values.get("interpreter"), f"{where}: interpreter"),
        "environment": _environment(values.get("environment"), f"{where}: environment"),
        "working_dir": _optional_text(
            values.get("working_dir"), f"{where}: working_dir"
        ),
        "quiet": bool(values.get("quiet") or False),
    }


def _text(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str | int | float):
        raise TemplateError(INVALID, f"{where}: a string is required")
    return str(value)


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _texts(value: Any, where: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise TemplateError(INVALID, f"{where}: a list of strings is required")
    return [_text(item, where) for item in value]


def _environment(value: Any, where: str) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TemplateError(INVALID, f"{where}: a map of strings is required")
    return {key: _text(item, where) for key, item in value.items() if item is not None}
