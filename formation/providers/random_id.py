"""``random_id``: random bytes in several encodings."""

import base64
import secrets
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext


class RandomId(Provider):
    """Random bytes; ``id`` is their unpadded base64url form, without the prefix."""

    type_name = "random_id"
    arguments = frozenset({"byte_length", "prefix", "keepers"})
    required = frozenset({"byte_length"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        length = integer(config, "byte_length")
        if length is not None and length < 1:
            raise ConfigError('argument "byte_length" must be at least 1')
        text(config, "prefix")
        string_map(config, "keepers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        data = secrets.token_bytes(integer(config, "byte_length") or 0)
        prefix = text(config, "prefix") or ""
        url_safe = base64.urlsafe_b64encode(data).decode().rstrip("=")
        return {
            "id": url_safe,
            "byte_length": len(data),
            "prefix": text(config, "prefix"),
            "keepers": string_map(config, "keepers"),
            "b64_url": prefix + url_safe,
            "b64_std": prefix + base64.b64encode(data).decode(),
            "hex": prefix + data.hex(),
            "dec": prefix + str(int.from_bytes(data, "big")),
        }
