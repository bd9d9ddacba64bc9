"""``random_password``: a random_string whose result is sensitive."""

from collections.abc import Mapping
from typing import Any

from formation.providers.base import ProviderContext
from formation.providers.random_string import RandomString

# Terraform gives every password the same id, so the id never reveals it.
PASSWORD_ID = "none"


class RandomPassword(RandomString):
    """Like random_string, with ``result`` sensitive and ``id`` fixed to "none".

    TODO: Terraform also returns ``bcrypt_hash``; computing it needs the bcrypt
    package, which is not a dependency yet. Adding it and hashing the result
    here would complete the attribute set.
    """

    type_name = "random_password"
    sensitive_attributes = frozenset({"result", "bcrypt_hash"})

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        attributes = super().create(config, ctx)
        return {**attributes, "id": PASSWORD_ID}
