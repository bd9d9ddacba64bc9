"""``random_integer``: a whole number between min and max, inclusive."""

import random
import secrets
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext


class RandomInteger(Provider):
    """A random integer; with ``seed`` the same seed always gives the same result."""

    type_name = "random_integer"
    arguments = frozenset({"min", "max", "seed", "keepers"})
    required = frozenset({"min", "max"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        low, high = integer(config, "min"), integer(config, "max")
        if low is not None and high is not None and low > high:
            raise ConfigError('argument "min" must not be greater than "max"')
        text(config, "seed")
        string_map(config, "keepers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        low, high = integer(config, "min") or 0, integer(config, "max") or 0
        seed = text(config, "seed")
        if seed is None:
            result = low + secrets.randbelow(high - low + 1)
        else:
            result = random.Random(seed).randint(low, high)
        return {
            "id": str(result),
            "result": result,
            "min": low,
            "max": high,
            "seed": seed,
            "keepers": string_map(config, "keepers"),
        }
