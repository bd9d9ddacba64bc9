import pytest

from formation.providers import (
    ConfigError,
    ProviderError,
    get_data_source,
    get_provider,
    known_data_types,
)
from formation.providers.pet_words import ADJECTIVES, ADVERBS, NAMES
from tests.providers.helpers import context

BASE = "2024-01-31T10:00:00Z"


def test_random_pet_joins_adverbs_an_adjective_and_a_name(tmp_path):
    attributes = get_provider("random_pet").create(
        {"length": 3, "separator": ".", "prefix": "Mr"}, context(tmp_path)
    )

    prefix, adverb, adjective, name = attributes["id"].split(".")
    assert (prefix, adverb in ADVERBS, adjective in ADJECTIVES, name in NAMES) == (
        "Mr",
        True,
        True,
        True,
    )
    assert attributes["length"] == 3 and attributes["separator"] == "."


def test_random_pet_defaults_to_two_words_and_one_word_is_a_name(tmp_path):
    two = get_provider("random_pet").create({}, context(tmp_path))["id"]
    one = get_provider("random_pet").create({"length": 1}, context(tmp_path))["id"]

    assert len(two.split("-")) == 2
    assert one in NAMES


def test_random_pet_refuses_a_length_below_one():
    with pytest.raises(ConfigError, match="length"):
        get_provider("random_pet").check({"length": 0})


def test_random_shuffle_with_a_seed_is_repeatable_and_keeps_the_elements(tmp_path):
    config = {"input": ["a", "b", "c", "d"], "seed": "s"}
    provider = get_provider("random_shuffle")

    first = provider.create(config, context(tmp_path))
    second = provider.create(config, context(tmp_path))

    assert first["result"] == second["result"]
    assert sorted(first["result"]) == ["a", "b", "c", "d"]
    assert first["id"] == "-"


def test_random_shuffle_result_count_trims_or_repeats(tmp_path):
    provider = get_provider("random_shuffle")

    fewer = provider.create(
        {"input": ["a", "b", "c"], "result_count": 2}, context(tmp_path)
    )
    more = provider.create({"input": ["a", "b"], "result_count": 5}, context(tmp_path))

    assert len(fewer["result"]) == 2 and set(fewer["result"]) < {"a", "b", "c"}
    assert len(more["result"]) == 5 and set(more["result"]) == {"a", "b"}


def test_random_shuffle_needs_a_list_of_strings():
    with pytest.raises(ConfigError, match="input"):
        get_provider("random_shuffle").check({"input": "abc"})


def test_time_offset_moves_the_base_and_reports_parts(tmp_path):
    attributes = get_provider("time_offset").create(
        {"base_rfc3339": BASE, "offset_months": 1}, context(tmp_path)
    )

    # Go's calendar: January 31 plus one month is March 2 in a leap year.
    assert attributes["rfc3339"] == "2024-03-02T10:00:00Z"
    assert attributes["id"] == BASE and attributes["base_rfc3339"] == BASE
    assert (attributes["year"], attributes["month"], attributes["day"]) == (2024, 3, 2)


def test_time_offset_applies_the_last_offset_only_as_the_terraform_provider_does(
    tmp_path,
):
    attributes = get_provider("time_offset").create(
        {"base_rfc3339": BASE, "offset_years": 1, "offset_months": 1}, context(tmp_path)
    )

    assert attributes["rfc3339"] == "2025-01-31T10:00:00Z"


def test_time_offset_update_keeps_the_base_and_applies_new_offsets(tmp_path):
    provider = get_provider("time_offset")
    created = provider.create({"offset_hours": 1}, context(tmp_path))

    updated = provider.update(created, {"offset_hours": 2}, context(tmp_path))

    assert updated["base_rfc3339"] == created["base_rfc3339"]
    assert updated["unix"] - created["unix"] == 3600


def test_time_offset_needs_an_offset():
    with pytest.raises(ConfigError, match="offset"):
        get_provider("time_offset").check({"base_rfc3339": BASE})


def test_time_rotating_computes_the_rotation_time_and_its_parts(tmp_path):
    attributes = get_provider("time_rotating").create(
        {"rfc3339": BASE, "rotation_days": 2}, context(tmp_path)
    )

    assert attributes["id"] == BASE
    assert attributes["rotation_rfc3339"] == "2024-02-02T10:00:00Z"
    assert (attributes["month"], attributes["day"]) == (2, 2)


def test_time_rotating_update_recomputes_the_rotation_from_the_same_base(tmp_path):
    provider = get_provider("time_rotating")
    created = provider.create({"rfc3339": BASE, "rotation_days": 2}, context(tmp_path))

    updated = provider.update(created, {"rotation_hours": 3}, context(tmp_path))

    assert updated["rotation_rfc3339"] == "2024-01-31T13:00:00Z"
    assert updated["id"] == BASE


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({}, "rotation"),
        ({"rotation_days": 0}, "at least 1"),
        ({"rfc3339": "x", "rotation_days": 1}, "RFC 3339"),
    ],
)
def test_time_rotating_refuses_bad_arguments(config, words):
    with pytest.raises(ConfigError, match=words):
        get_provider("time_rotating").check(config)


def test_data_sources_are_registered_under_their_type_names():
    assert known_data_types() == {"local_file", "local_sensitive_file"}
    with pytest.raises(KeyError):
        get_data_source("random_id")


def test_local_file_data_source_reads_a_workspace_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("héllo")

    attributes = get_data_source("local_file").read(
        {"filename": "in/a.txt"}, context(tmp_path)
    )

    assert attributes["content"] == "héllo"
    assert attributes["content_base64"] == "aMOpbGxv"
    assert attributes["id"] == attributes["content_sha1"]
    assert get_data_source("local_sensitive_file").sensitive_attributes == {
        "content",
        "content_base64",
    }


@pytest.mark.parametrize("filename", ["/etc/passwd", "../x", "a/../../x"])
def test_local_file_data_source_refuses_paths_outside_the_workspace(filename, tmp_path):
    source = get_data_source("local_file")

    with pytest.raises(ConfigError):
        source.check({"filename": filename})
    with pytest.raises(ProviderError):
        source.read({"filename": filename}, context(tmp_path))


def test_a_missing_data_file_is_a_provider_error(tmp_path):
    with pytest.raises(ProviderError, match="cannot read"):
        get_data_source("local_file").read({"filename": "none.txt"}, context(tmp_path))
