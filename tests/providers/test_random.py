import base64
import re

import pytest

from formation.providers import ConfigError, ProviderError, get_provider
from formation.templates import StaticArguments
from tests.providers.helpers import context


def create(type_name, config, tmp_path):
    return get_provider(type_name).create(config, context(tmp_path))


def test_random_id_encodes_the_same_bytes_every_way(tmp_path):
    attributes = create("random_id", {"byte_length": 8, "prefix": "p-"}, tmp_path)

    data = bytes.fromhex(attributes["hex"].removeprefix("p-"))
    assert len(data) == 8
    assert attributes["id"] == base64.urlsafe_b64encode(data).decode().rstrip("=")
    assert attributes["b64_url"] == "p-" + attributes["id"]
    assert attributes["b64_std"] == "p-" + base64.b64encode(data).decode()
    assert attributes["dec"] == "p-" + str(int.from_bytes(data, "big"))
    assert "=" not in attributes["id"]


def test_random_id_without_prefix_reports_plain_encodings(tmp_path):
    attributes = create("random_id", {"byte_length": 3, "keepers": {"a": 1}}, tmp_path)

    assert len(attributes["hex"]) == 6
    assert attributes["keepers"] == {"a": "1"}
    assert attributes["prefix"] is None


@pytest.mark.parametrize(
    "config",
    [{"byte_length": 0}, {"byte_length": "many"}, {}, {"byte_length": 2, "size": 1}],
)
def test_random_id_check_refuses_arguments_that_cannot_work(config):
    with pytest.raises(ConfigError):
        get_provider("random_id").check(config)


def test_check_accepts_a_required_argument_still_waiting_for_state():
    config = StaticArguments({}, frozenset({"byte_length"}))

    get_provider("random_id").check(config)


def test_create_reports_a_bad_config_as_a_provider_error(tmp_path):
    with pytest.raises(ProviderError, match="byte_length"):
        create("random_id", {}, tmp_path)


def test_random_string_has_the_requested_length_and_classes(tmp_path):
    config = {"length": 40, "special": False, "upper": False, "min_numeric": 5}

    attributes = create("random_string", config, tmp_path)

    assert attributes["id"] == attributes["result"]
    assert re.fullmatch(r"[a-z0-9]{40}", attributes["result"])
    assert sum(char.isdigit() for char in attributes["result"]) >= 5


def test_random_string_uses_override_special(tmp_path):
    config = {"length": 30, "lower": False, "upper": False, "numeric": False}
    config |= {"override_special": "#"}

    assert create("random_string", config, tmp_path)["result"] == "#" * 30


def test_random_string_minimums_are_always_met(tmp_path):
    config = {"length": 4, "min_upper": 2, "min_special": 2, "override_special": "!"}

    result = create("random_string", config, tmp_path)["result"]

    assert sorted(result)[:2] == ["!", "!"]
    assert sum(char.isupper() for char in result) == 2


@pytest.mark.parametrize(
    "config",
    [
        {"length": 0},
        {"length": 3, "min_upper": 2, "min_lower": 2},
        {
            "length": 5,
            "lower": False,
            "upper": False,
            "numeric": False,
            "special": False,
        },
        {"length": 5, "min_upper": -1},
    ],
)
def test_random_string_check_refuses_impossible_settings(config):
    with pytest.raises(ConfigError):
        get_provider("random_string").check(config)


def test_random_password_hides_its_result_behind_a_fixed_id(tmp_path):
    provider = get_provider("random_password")

    attributes = provider.create({"length": 16}, context(tmp_path))

    assert attributes["id"] == "none"
    assert len(attributes["result"]) == 16
    assert "result" in provider.sensitive_attributes


def test_two_passwords_differ(tmp_path):
    first = create("random_password", {"length": 32}, tmp_path)
    second = create("random_password", {"length": 32}, tmp_path)

    assert first["result"] != second["result"]


def test_random_integer_stays_within_bounds(tmp_path):
    results = {
        create("random_integer", {"min": 1, "max": 3}, tmp_path)["result"]
        for _ in range(60)
    }

    assert results <= {1, 2, 3}
    assert len(results) > 1


def test_random_integer_with_a_seed_is_deterministic(tmp_path):
    config = {"min": 1, "max": 1000000, "seed": "stable"}

    first = create("random_integer", config, tmp_path)
    second = create("random_integer", config, tmp_path)

    assert first == second
    assert first["id"] == str(first["result"])


def test_random_integer_check_refuses_min_above_max():
    with pytest.raises(ConfigError, match="greater"):
        get_provider("random_integer").check({"min": 5, "max": 1})


def test_random_uuid_is_a_version_4_uuid(tmp_path):
    attributes = create("random_uuid", {}, tmp_path)

    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        attributes["id"],
    )
    assert attributes["result"] == attributes["id"]


def test_check_refuses_a_misspelled_argument_even_while_its_value_waits_for_state():
    config = StaticArguments({"byte_length": 4}, frozenset({"byte_lenght"}))

    with pytest.raises(ConfigError, match='unexpected argument "byte_lenght"'):
        get_provider("random_id").check(config)
