"""``time_static``: a timestamp fixed when the resource is created."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from formation.providers.arguments import string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext
from formation.providers.clock import rfc3339_now


class TimeStatic(Provider):
    """The creation time (or the given ``rfc3339``) and its parts.

    Any change of ``rfc3339`` or ``triggers`` replaces it, as in Terraform.
    """

    type_name = "time_static"
    arguments = frozenset({"rfc3339", "triggers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        _parse(text(config, "rfc3339"))
        string_map(config, "triggers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        stamp = text(config, "rfc3339") or rfc3339_now()
        moment = _parse(stamp) or datetime.now(UTC)
        return {
            "id": stamp,
            "rfc3339": stamp,
            "triggers": string_map(config, "triggers"),
            "year": moment.year,
            "month": moment.month,
            "day": moment.day,
            "hour": moment.hour,
            "minute": moment.minute,
            "second": moment.second,
            "unix": int(moment.timestamp()),
        }


def _parse(stamp: str | None) -> datetime | None:
    if stamp is None:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError as error:
        raise ConfigError(
            f'argument "rfc3339" is not an RFC 3339 time: {stamp}'
        ) from error
    if moment.tzinfo is None:
        raise ConfigError('argument "rfc3339" needs a time zone, such as "Z"')
    return moment.astimezone(UTC)
