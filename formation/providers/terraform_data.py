"""``terraform_data``: stores a value in state and gives it back as ``output``."""

import uuid
from collections.abc import Mapping
from typing import Any

from formation.providers.base import Provider, ProviderContext


class TerraformData(Provider):
    """Any ``input`` value, returned unchanged as ``output``, under a random UUID id."""

    type_name = "terraform_data"
    arguments = frozenset({"input", "triggers_replace"})

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        return {
            "id": str(uuid.uuid4()),
            "input": config.get("input"),
            "output": config.get("input"),
            "triggers_replace": config.get("triggers_replace"),
        }
