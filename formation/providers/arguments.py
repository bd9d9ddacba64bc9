"""Read typed arguments out of a rendered config.

A null argument counts as not set, as in Terraform. Numbers and bools given as
strings are converted, since template values often arrive as text.
"""

from collections.abc import Mapping
from typing import Any

from formation.providers.base import ConfigError


def integer(
    config: Mapping[str, Any], name: str, default: int | None = None
) -> int | None:
    """Return argument ``name`` as a whole number."""
    value = config.get(name)
    if value is None:
        return default
    if isinstance(value, str):
        value = _parsed_number(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f'argument "{name}" must be a whole number')
    if isinstance(value, float) and not value.is_integer():
        raise ConfigError(f'argument "{name}" must be a whole number')
    return int(value)


def boolean(config: Mapping[str, Any], name: str, default: bool) -> bool:
    """Return argument ``name`` as a bool."""
    value = config.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise ConfigError(f'argument "{name}" must be true or false')


def text(
    config: Mapping[str, Any], name: str, default: str | None = None
) -> str | None:
    """Return argument ``name`` as a string; numbers and bools are converted."""
    value = config.get(name)
    if value is None:
        return default
    converted = _as_text(value)
    if converted is None:
        raise ConfigError(f'argument "{name}" must be a string')
    return converted


def string_map(config: Mapping[str, Any], name: str) -> dict[str, str] | None:
    """Return argument ``name`` (``keepers``, ``triggers``) as a map of strings."""
    value = config.get(name)
    if value is None:
        return None
    converted = (
        {str(key): _as_text(item) for key, item in value.items()}
        if isinstance(value, Mapping)
        else None
    )
    if converted is None or None in converted.values():
        raise ConfigError(f'argument "{name}" must be a map of strings')
    return {key: str(item) for key, item in converted.items()}


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _parsed_number(value: str) -> Any:
    try:
        return float(value) if any(mark in value for mark in ".eE") else int(value)
    except ValueError:
        return value
