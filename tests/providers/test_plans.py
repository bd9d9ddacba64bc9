"""What a plan needs from each provider: which arguments replace, and updates."""

import pytest

from formation.providers import get_provider
from tests.providers.helpers import context

REPLACE_ON = {
    "random_id": None,
    "random_string": None,
    "random_password": None,
    "random_integer": None,
    "random_uuid": None,
    "random_pet": None,
    "random_shuffle": None,
    "null_resource": None,
    "local_file": None,
    "local_sensitive_file": None,
    "time_static": None,
    "terraform_data": frozenset({"triggers_replace"}),
    "time_sleep": frozenset({"triggers"}),
    "time_offset": frozenset({"triggers"}),
    "time_rotating": frozenset({"rfc3339", "triggers"}),
}


@pytest.mark.parametrize(("type_name", "expected"), sorted(REPLACE_ON.items()))
def test_each_provider_replaces_on_the_arguments_terraform_replaces_on(
    type_name, expected
):
    assert get_provider(type_name).replace_on == expected


@pytest.mark.parametrize(
    "type_name", sorted(t for t, r in REPLACE_ON.items() if r is None)
)
def test_providers_that_always_replace_have_no_update(type_name, tmp_path):
    with pytest.raises(NotImplementedError):
        get_provider(type_name).update({}, {}, context(tmp_path))


def test_terraform_data_updates_input_in_place_and_output_follows(tmp_path):
    provider = get_provider("terraform_data")
    created = provider.create({"input": 1, "triggers_replace": "t"}, context(tmp_path))

    updated = provider.update(
        created, {"input": [2], "triggers_replace": "t"}, context(tmp_path)
    )

    assert updated == {**created, "input": [2], "output": [2]}


def test_time_sleep_takes_new_durations_without_sleeping(tmp_path):
    provider = get_provider("time_sleep")
    created = provider.create({"create_duration": "0s"}, context(tmp_path))

    updated = provider.update(
        created, {"create_duration": "1h", "destroy_duration": "1s"}, context(tmp_path)
    )

    assert updated["id"] == created["id"]
    assert updated["create_duration"] == "1h"
    assert updated["destroy_duration"] == "1s"


def test_only_a_passed_rotation_asks_for_replacement():
    provider = get_provider("time_rotating")

    assert provider.needs_replacement({"rotation_rfc3339": "2000-01-01T00:00:00Z"})
    assert not provider.needs_replacement({"rotation_rfc3339": "2999-01-01T00:00:00Z"})
    assert not get_provider("time_static").needs_replacement({"id": "x"})
