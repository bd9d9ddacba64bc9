"""Providers: the code that creates and deletes each type of resource.

Built-in providers carry Terraform's type, argument and attribute names and do
their work on the worker's machine; more can be installed as packages (see
``formation.providers.registry``).
"""

from formation.providers.base import (
    ConfigError,
    DataSource,
    Provider,
    ProviderContext,
    ProviderError,
)
from formation.providers.registry import (
    get_data_source,
    get_provider,
    known_data_types,
    known_types,
)

__all__ = [
    "ConfigError",
    "DataSource",
    "Provider",
    "ProviderContext",
    "ProviderError",
    "get_data_source",
    "get_provider",
    "known_data_types",
    "known_types",
]
