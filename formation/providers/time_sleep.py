"""``time_sleep``: wait on create and on delete."""

from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import string_map, text
from formation.providers.base import Provider, ProviderContext
from formation.providers.clock import rfc3339_now
from formation.providers.durations import parse_duration, sleep

DURATIONS = ("create_duration", "destroy_duration")


class TimeSleep(Provider):
    """Sleeps ``create_duration`` in create and ``destroy_duration`` in delete.

    ``id`` is the time create finished, in RFC 3339 UTC. ``triggers`` replace
    it; new durations are taken in place, without sleeping.
    """

    type_name = "time_sleep"
    arguments = frozenset({*DURATIONS, "triggers"})
    replace_on = frozenset({"triggers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        for name in DURATIONS:
            _seconds(config, name)
        string_map(config, "triggers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        sleep(_seconds(config, "create_duration"))
        return {
            "id": rfc3339_now(),
            "create_duration": text(config, "create_duration"),
            "destroy_duration": text(config, "destroy_duration"),
            "triggers": string_map(config, "triggers"),
        }

    def update(
        self,
        previous: Mapping[str, Any],
        config: Mapping[str, Any],
        ctx: ProviderContext,
    ) -> dict[str, Any]:
        """Take the new durations without sleeping, as Terraform does."""
        self.verify(config)
        return {
            **previous,
            "create_duration": text(config, "create_duration"),
            "destroy_duration": text(config, "destroy_duration"),
        }

    def delete(self, attributes: Mapping[str, Any], ctx: ProviderContext) -> None:
        sleep(_seconds(attributes, "destroy_duration"))


def _seconds(config: Mapping[str, Any], name: str) -> float:
    value = text(config, name)
    return 0.0 if value is None else parse_duration(value, name)
