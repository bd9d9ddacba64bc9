"""``terraform_data``: stores a value in state and gives it back as ``output``."""

import uuid
from collections.abc import Mapping
from typing import Any

from formation.providers.base import Provider, ProviderContext


class TerraformData(Provider):
    """Any ``input`` value, returned unchanged as ``output``, under a random UUID id.

    A new ``input`` is taken in place (``output`` follows); a change of
    ``triggers_replace`` replaces the resource.
    """

    type_name = "terraform_data"
    arguments = frozenset({"input", "triggers_replace"})
    replace_on = frozenset({"triggers_replace"})

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        return {
            "id": str(uuid.uuid4()),
            "input": config.get("input"),
            "output": config.get("input"),
            "triggers_replace": config.get("triggers_replace"),
        }

    def update(
        self,
        previous: Mapping[str, Any],
        config: Mapping[str, Any],
        ctx: ProviderContext,
    ) -> dict[str, Any]:
        self.verify(config)
        return {
            **previous,
            "input": config.get("input"),
            "output": config.get("input"),
        }
