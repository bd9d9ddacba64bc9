"""``time_offset``: a base time and that time moved by a fixed offset."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from formation.providers.arguments import integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext
from formation.providers.clock import add_date, now, parse, parts, rfc3339

OFFSETS = (
    "offset_days",
    "offset_hours",
    "offset_minutes",
    "offset_months",
    "offset_seconds",
    "offset_years",
)


class TimeOffset(Provider):
    """``rfc3339`` is ``base_rfc3339`` (default: creation time) plus the offset.

    Offsets and the base change in place; ``triggers`` replace. ``id`` is the
    base time.
    """

    type_name = "time_offset"
    arguments = frozenset({"base_rfc3339", "triggers", *OFFSETS})
    replace_on = frozenset({"triggers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        pending = frozenset(getattr(config, "pending", ()))
        if not any(config.get(n) is not None or n in pending for n in OFFSETS):
            raise ConfigError("at least one offset_* argument must be set")
        for name in OFFSETS:
            integer(config, name)
        if config.get("base_rfc3339") is not None:
            parse(text(config, "base_rfc3339") or "", "base_rfc3339")
        string_map(config, "triggers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        base = text(config, "base_rfc3339")
        return _attributes(config, parse(base, "base_rfc3339") if base else now())

    def update(
        self,
        previous: Mapping[str, Any],
        config: Mapping[str, Any],
        ctx: ProviderContext,
    ) -> dict[str, Any]:
        self.verify(config)
        base = text(config, "base_rfc3339") or str(previous["base_rfc3339"])
        return _attributes(config, parse(base, "base_rfc3339"))


def _attributes(config: Mapping[str, Any], base: datetime) -> dict[str, Any]:
    moved = offset(base, {name: integer(config, name) or 0 for name in OFFSETS})
    return {
        "id": rfc3339(base),
        "base_rfc3339": rfc3339(base),
        "rfc3339": rfc3339(moved),
        "triggers": string_map(config, "triggers"),
        **{name: integer(config, name) for name in OFFSETS},
        **parts(moved),
    }


def offset(base: datetime, amounts: Mapping[str, int]) -> datetime:
    """Apply the offsets the way the Terraform provider does.

    Each non-zero offset is applied to the base on its own and the last one in
    the provider's order (days, hours, minutes, months, seconds, years) wins,
    so offset_years = 1 with offset_months = 1 moves one year. Formation keeps
    that, so the same template gives the same time as under Terraform.
    """
    steps = {
        "offset_days": lambda n: add_date(base, days=n),
        "offset_hours": lambda n: base + timedelta(hours=n),
        "offset_minutes": lambda n: base + timedelta(minutes=n),
        "offset_months": lambda n: add_date(base, months=n),
        "offset_seconds": lambda n: base + timedelta(seconds=n),
        "offset_years": lambda n: add_date(base, years=n),
    }
    moved = base
    for name in OFFSETS:
        if amounts.get(name):
            moved = steps[name](amounts[name])
    return moved
