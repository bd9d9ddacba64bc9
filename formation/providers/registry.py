"""Find the provider of a resource type: built-in, or from an installed package.

Other packages add providers through the ``formation.providers`` entry point
group: the entry point's name is the resource type, its value the Provider
class. They are loaded once, on first use.
"""

import functools
import logging
import threading
from importlib.metadata import entry_points

from formation.providers.base import DataSource, Provider
from formation.providers.data_sources import LocalFileData, LocalSensitiveFileData
from formation.providers.local_file import LocalFile, LocalSensitiveFile
from formation.providers.null_resource import NullResource
from formation.providers.random_id import RandomId
from formation.providers.random_integer import RandomInteger
from formation.providers.random_password import RandomPassword
from formation.providers.random_pet import RandomPet
from formation.providers.random_shuffle import RandomShuffle
from formation.providers.random_string import RandomString
from formation.providers.random_uuid import RandomUuid
from formation.providers.terraform_data import TerraformData
from formation.providers.time_offset import TimeOffset
from formation.providers.time_rotating import TimeRotating
from formation.providers.time_sleep import TimeSleep
from formation.providers.time_static import TimeStatic

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "formation.providers"
BUILT_IN: tuple[type[Provider], ...] = (
    RandomId,
    RandomString,
    RandomPassword,
    RandomInteger,
    RandomUuid,
    RandomPet,
    RandomShuffle,
    TerraformData,
    NullResource,
    LocalFile,
    LocalSensitiveFile,
    TimeSleep,
    TimeStatic,
    TimeOffset,
    TimeRotating,
)
DATA_SOURCES: tuple[type[DataSource], ...] = (LocalFileData, LocalSensitiveFileData)

_loading = threading.Lock()


def get_provider(type_name: str) -> Provider:
    """Return the provider of ``type_name``; KeyError when there is none."""
    providers = _all()
    if type_name not in providers:
        raise KeyError(type_name)
    return providers[type_name]


def known_types() -> frozenset[str]:
    """Return every resource type a template may use."""
    return frozenset(_all())


def get_data_source(type_name: str) -> DataSource:
    """Return the data source of ``type_name`` (mode "data"); KeyError when none."""
    sources = _data_sources()
    if type_name not in sources:
        raise KeyError(type_name)
    return sources[type_name]


def known_data_types() -> frozenset[str]:
    """Return every data source type a template may use."""
    return frozenset(_data_sources())


@functools.cache
def _data_sources() -> dict[str, DataSource]:
    """Instantiate the built-in data sources (they are not pluggable yet)."""
    return {cls.type_name: cls() for cls in DATA_SOURCES}


def _all() -> dict[str, Provider]:
    with _loading:
        return _load()


@functools.cache
def _load() -> dict[str, Provider]:
    """Instantiate the built-in providers, then those of installed packages.

    A built-in type cannot be replaced, and a package whose provider fails to
    load is skipped with a log record rather than breaking every deployment.
    """
    providers: dict[str, Provider] = {cls.type_name: cls() for cls in BUILT_IN}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in providers:
            logger.warning(
                "provider %s is built in; entry point %s ignored",
                entry.name,
                entry.value,
            )
            continue
        try:
            loaded = entry.load()
        except Exception:
            logger.exception(
                "provider %s could not be loaded from %s", entry.name, entry.value
            )
            continue
        if not (isinstance(loaded, type) and issubclass(loaded, Provider)):
            logger.warning(
                "entry point %s is not a Provider class; ignored", entry.value
            )
            continue
        providers[entry.name] = loaded()
    return providers
