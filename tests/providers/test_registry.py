from collections.abc import Mapping
from typing import Any

import pytest

from formation.providers import (
    Provider,
    ProviderContext,
    get_provider,
    known_types,
    registry,
)

BUILT_IN = {
    "random_id",
    "random_string",
    "random_password",
    "random_integer",
    "random_uuid",
    "terraform_data",
    "null_resource",
    "local_file",
    "local_sensitive_file",
    "time_sleep",
    "time_static",
    "time_offset",
    "time_rotating",
    "random_pet",
    "random_shuffle",
}


class EchoProvider(Provider):
    type_name = "echo_value"

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        return {"id": "echo", **config}


class FakeEntryPoint:
    def __init__(self, name: str, loaded: object) -> None:
        self.name = name
        self.value = f"tests:{name}"
        self._loaded = loaded

    def load(self) -> object:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


@pytest.fixture
def entry_points(monkeypatch):
    found: list[FakeEntryPoint] = []
    monkeypatch.setattr(registry, "entry_points", lambda group: list(found))
    registry._load.cache_clear()
    yield found
    registry._load.cache_clear()


def test_every_built_in_provider_is_known_under_its_terraform_name():
    assert known_types() >= BUILT_IN
    for name in BUILT_IN:
        assert get_provider(name).type_name == name


def test_unknown_type_raises_key_error():
    with pytest.raises(KeyError):
        get_provider("aws_instance")


def test_entry_points_add_providers_once(entry_points):
    entry_points.append(FakeEntryPoint("echo_value", EchoProvider))

    assert "echo_value" in known_types()
    assert get_provider("echo_value") is get_provider("echo_value")


def test_broken_or_foreign_entry_points_are_skipped(entry_points, caplog):
    entry_points.append(FakeEntryPoint("broken", ImportError("no module")))
    entry_points.append(FakeEntryPoint("not_a_class", object()))
    entry_points.append(FakeEntryPoint("random_id", EchoProvider))

    types = known_types()

    assert "broken" not in types and "not_a_class" not in types
    assert get_provider("random_id").type_name == "random_id"
    assert "could not be loaded" in caplog.text
