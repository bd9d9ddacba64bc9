"""Per-process resources of a worker: the store and parsed templates."""

import hashlib
from functools import cache, lru_cache
from typing import Any

from formation.providers import known_types
from formation.redis_client import client
from formation.store import Store
from formation.templates import Template, load_template, load_variables
from workers import settings

__all__ = ["settings", "store", "template", "variables"]


@cache
def store() -> Store:
    """One Store per process, created after the pool forks."""
    return Store(client(settings), settings)


@lru_cache(maxsize=256)
def _template(digest: str, text: str) -> Template:
    return load_template(text, known_types=known_types())


def template(text: str) -> Template:
    """The parsed template, shared by every step of every deployment that uses it."""
    return _template(hashlib.sha256(text.encode()).hexdigest(), text)


def variables(
    tpl: Template, vars_body: str, vars_structure: list[dict[str, Any]]
) -> dict[str, Any]:
    return load_variables(tpl, vars_body or None, vars_structure or None)
