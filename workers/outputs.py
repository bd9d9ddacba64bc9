"""Outputs as ListStackOutputs returns them."""

import json
from collections.abc import Iterable
from typing import Any

from formation.templates import OutputValue
from formation.templates.values import type_name

SENSITIVE = "<sensitive>"


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
