"""``time_rotating``: a base time that is replaced once its rotation time passes."""

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from formation.providers.arguments import integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext
from formation.providers.clock import add_date, now, parse, parts, rfc3339

ROTATIONS = (
    "rotation_days",
    "rotation_hours",
    "rotation_minutes",
    "rotation_months",
    "rotation_years",
)


class TimeRotating(Provider):
    """``rfc3339`` (default: creation time) and ``rotation_rfc3339``, when it expires.

    The calendar attributes (year ... unix) describe the rotation time, as in
    Terraform. ``rfc3339`` and ``triggers`` replace; the rotation arguments
    change in place. Once the rotation time has passed,
    :meth:`needs_replacement` says so and the next deployment re-creates it.
    """

    type_name = "time_rotating"
    arguments = frozenset({"rfc3339", "rotation_rfc3339", "triggers", *ROTATIONS})
    replace_on = frozenset({"rfc3339", "triggers"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        pending = frozenset(getattr(config, "pending", ()))
        chosen = (*ROTATIONS, "rotation_rfc3339")
        if not any(config.get(n) is not None or n in pending for n in chosen):
            raise ConfigError("at least one rotation_* argument must be set")
        for name in ROTATIONS:
            amount = integer(config, name)
            if amount is not None and amount < 1:
                raise ConfigError(f'argument "{name}" must be at least 1')
        for name in ("rfc3339", "rotation_rfc3339"):
            if config.get(name) is not None:
                parse(text(config, name) or "", name)
        string_map(config, "triggers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        base = text(config, "rfc3339")
        return _attributes(config, parse(base, "rfc3339") if base else now())

    def update(
        self,
        previous: Mapping[str, Any],
        config: Mapping[str, Any],
        ctx: ProviderContext,
    ) -> dict[str, Any]:
        self.verify(config)
        return _attributes(config, parse(str(previous["id"]), "rfc3339"))

    def needs_replacement(self, attributes: Mapping[str, Any]) -> bool:
        stamp = attributes.get("rotation_rfc3339")
        if not stamp:
            return False
        return now() > parse(str(stamp), "rotation_rfc3339")


def _attributes(config: Mapping[str, Any], base: datetime) -> dict[str, Any]:
    rotation = rotation_time(base, config)
    return {
        "id": rfc3339(base),
        "rfc3339": rfc3339(base),
        "rotation_rfc3339": rfc3339(rotation),
        "triggers": string_map(config, "triggers"),
        **{name: integer(config, name) for name in ROTATIONS},
        **parts(rotation),
    }


def rotation_time(base: datetime, config: Mapping[str, Any]) -> datetime:
    """Return the rotation time; like the Terraform provider, the last rule set wins.

    The provider's order is days, hours, minutes, months, rotation_rfc3339,
    years.
    """
    rules: list[tuple[str, Callable[[int], datetime]]] = [
        ("rotation_days", lambda n: add_date(base, days=n)),
        ("rotation_hours", lambda n: base + timedelta(hours=n)),
        ("rotation_minutes", lambda n: base + timedelta(minutes=n)),
        ("rotation_months", lambda n: add_date(base, months=n)),
    ]
    rotation = base
    for name, rule in rules:
        amount = integer(config, name)
        if amount:
            rotation = rule(amount)
    fixed = text(config, "rotation_rfc3339")
    if fixed:
        rotation = parse(fixed, "rotation_rfc3339")
    years = integer(config, "rotation_years")
    if years:
        rotation = add_date(base, years=years)
    return rotation
