"""``random_shuffle``: the input list in a random order."""

import random
import secrets
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext

# Terraform gives every shuffle this id; the result is the useful attribute.
SHUFFLE_ID = "-"


class RandomShuffle(Provider):
    """``result`` holds ``result_count`` items (default: all) of ``input``, shuffled.

    With ``seed`` the same seed always gives the same order. Asking for more
    items than the input has repeats the shuffled list.
    """

    type_name = "random_shuffle"
    arguments = frozenset({"input", "seed", "result_count", "keepers"})
    required = frozenset({"input"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        if config.get("input") is not None:
            _items(config)
        count = integer(config, "result_count")
        if count is not None and count < 0:
            raise ConfigError('argument "result_count" must not be negative')
        text(config, "seed")
        string_map(config, "keepers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        items = _items(config)
        seed = text(config, "seed")
        shuffler = random.Random(seed) if seed is not None else secrets.SystemRandom()
        order = list(items)
        shuffler.shuffle(order)
        count = integer(config, "result_count")
        wanted = len(order) if count is None else count
        result = [order[i % len(order)] for i in range(wanted)] if order else []
        return {
            "id": SHUFFLE_ID,
            "input": items,
            "seed": seed,
            "result_count": count,
            "keepers": string_map(config, "keepers"),
            "result": result,
        }


def _items(config: Mapping[str, Any]) -> list[str]:
    value = config.get("input")
    if not isinstance(value, list) or not all(
        isinstance(item, str | int | float) and not isinstance(item, bool)
        for item in value
    ):
        raise ConfigError('argument "input" must be a list of strings')
    return [str(item) for item in value]
