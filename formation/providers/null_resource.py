"""``null_resource``: a resource that does nothing but exist."""

import secrets
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import string_map
from formation.providers.base import Provider, ProviderContext


class NullResource(Provider):
    """Exists in state only; ``id`` is a random decimal number, as in Terraform."""

    type_name = "null_resource"
    arguments = frozenset({"triggers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        string_map(config, "triggers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        return {
            "id": str(secrets.randbits(63)),
            "triggers": string_map(config, "triggers"),
        }
