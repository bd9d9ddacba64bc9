"""Providers: the code that creates and deletes each type of resource.

Built-in providers carry Terraform's type, argument and attribute names and do
their work on the worker's machine; more can be installed as packages (see
``formation.providers.registry``).
"""

from formation.providers.base import (
    ConfigError,
    Provider,
    ProviderContext,
    ProviderError,
)
from formation.providers.registry import get_provider, known_types

__all__ = [
    "ConfigError",
    "Provider",
    "ProviderContext",
    "ProviderError",
    "get_provider",
    "known_types",
]
