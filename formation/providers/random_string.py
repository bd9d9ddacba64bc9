"""``random_string``: a random string drawn from chosen character classes."""

import secrets
import string
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import boolean, integer, string_map, text
from formation.providers.base import ConfigError, Provider, ProviderContext

DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?"
CLASSES = ("lower", "upper", "numeric", "special")
LETTERS = {"lower": string.ascii_lowercase, "upper": string.ascii_uppercase}


class RandomString(Provider):
    """A random string built with ``secrets``; ``id`` is the string itself."""

    type_name = "random_string"
    arguments = frozenset(
        {"length", "keepers", "override_special", "number"}
        | set(CLASSES)
        | {f"min_{name}" for name in CLASSES}
    )
    required = frozenset({"length"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        length = integer(config, "length")
        minimums = _minimums(config)
        if length is not None and length < 1:
            raise ConfigError('argument "length" must be at least 1')
        if length is not None and length < sum(minimums.values()):
            raise ConfigError(
                'argument "length" is less than the sum of the min_* arguments'
            )
        if not any(_enabled(config).values()):
            raise ConfigError("at least one character class must be enabled")
        text(config, "override_special")
        string_map(config, "keepers")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        result = generate(config)
        return {"id": result, "result": result, **_settings(config)}


def generate(config: Mapping[str, Any]) -> str:
    """Draw the string: the minimum of each class first, the rest from all enabled
    classes, then shuffle so the guaranteed characters sit anywhere."""
    alphabets = _alphabets(config)
    chosen = [
        secrets.choice(alphabets[name])
        for name, count in _minimums(config).items()
        for _ in range(count)
    ]
    pool = "".join(alphabets[name] for name, on in _enabled(config).items() if on)
    length = integer(config, "length") or 0
    chosen += [secrets.choice(pool) for _ in range(length - len(chosen))]
    secrets.SystemRandom().shuffle(chosen)
    return "".join(chosen)


def _alphabets(config: Mapping[str, Any]) -> dict[str, str]:
    special = text(config, "override_special") or DEFAULT_SPECIAL
    return {**LETTERS, "numeric": string.digits, "special": special}


def _enabled(config: Mapping[str, Any]) -> dict[str, bool]:
    # "number" is the deprecated spelling of "numeric"; either may turn it off.
    numeric = boolean(config, "numeric", True) and boolean(config, "number", True)
    return {
        "lower": boolean(config, "lower", True),
        "upper": boolean(config, "upper", True),
        "numeric": numeric,
        "special": boolean(config, "special", True),
    }


def _minimums(config: Mapping[str, Any]) -> dict[str, int]:
    minimums = {name: integer(config, f"min_{name}", 0) or 0 for name in CLASSES}
    if any(count < 0 for count in minimums.values()):
        raise ConfigError("the min_* arguments must not be negative")
    return {name: count for name, count in minimums.items() if count}


def _settings(config: Mapping[str, Any]) -> dict[str, Any]:
    enabled = _enabled(config)
    return {
        "length": integer(config, "length"),
        "keepers": string_map(config, "keepers"),
        "override_special": text(config, "override_special"),
        **enabled,
        "number": enabled["numeric"],
        **{f"min_{name}": integer(config, f"min_{name}", 0) for name in CLASSES},
    }
