"""Outputs as ListStackOutputs returns them."""

import json
from collections.abc import Iterable
from typing import Any

from formation.templates import OutputValue

SENSITIVE = "<sensitive>"


def type_name(value: Any) -> str:
    """The Terraform type name of a JSON value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "tuple"
    if isinstance(value, dict):
        return "object"
    return "dynamic"


def rendered(values: Iterable[OutputValue]) -> list[dict[str, Any]]:
    """Outputs ready to store; sensitive values never reach Redis."""
    return [
        {
            "name": o.name,
            "description": o.description,
            "type": SENSITIVE if o.sensitive else type_name(o.value),
            "value": SENSITIVE if o.sensitive else json.dumps(o.value),
            "sensitive": o.sensitive,
        }
        for o in values
    ]
