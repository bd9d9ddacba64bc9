"""``random_uuid``: a random version 4 UUID."""

import uuid
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import string_map
from formation.providers.base import Provider, ProviderContext


class RandomUuid(Provider):
    """A random UUID; ``id`` and ``result`` are the same string."""

    type_name = "random_uuid"
    arguments = frozenset({"keepers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        string_map(config, "keepers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        result = str(uuid.uuid4())
        return {
            "id": result,
            "result": result,
            "keepers": string_map(config, "keepers"),
        }
