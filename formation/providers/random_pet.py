"""``random_pet``: a random, readable name such as ``adverb-adjective-animal``."""

import secrets
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext
from formation.providers.pet_words import ADJECTIVES, ADVERBS, NAMES


class RandomPet(Provider):
    """``length`` words (default 2) joined by ``separator`` (default "-").

    One word is an animal name; two put an adjective before it; more put
    adverbs before the adjective. ``prefix`` comes first when set. The name is
    the ``id``.
    """

    type_name = "random_pet"
    arguments = frozenset({"length", "prefix", "separator", "keepers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        length = integer(config, "length")
        if length is not None and length < 1:
            raise ConfigError('argument "length" must be at least 1')
        text(config, "prefix")
        text(config, "separator")
        string_map(config, "keepers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        length = integer(config, "length", 2) or 2
        separator = text(config, "separator", "-")
        words = pet_words(length)
        prefix = text(config, "prefix")
        if prefix:
            words.insert(0, prefix)
        return {
            "id": str(separator).join(words),
            "length": length,
            "prefix": prefix,
            "separator": separator,
            "keepers": string_map(config, "keepers"),
        }


def pet_words(length: int) -> list[str]:
    """Return ``length`` random words ending with an animal name."""
    words = [secrets.choice(ADVERBS) for _ in range(max(length - 2, 0))]
    if length >= 2:
        words.append(secrets.choice(ADJECTIVES))
    words.append(secrets.choice(NAMES))
    return words
