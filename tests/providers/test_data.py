import uuid

from formation.providers import get_provider
from tests.providers.helpers import context


def test_terraform_data_returns_its_input_as_output(tmp_path):
    config = {"input": {"a": [1, 2]}, "triggers_replace": ["x"]}

    attributes = get_provider("terraform_data").create(config, context(tmp_path))

    assert attributes["output"] == {"a": [1, 2]}
    assert attributes["triggers_replace"] == ["x"]
    assert uuid.UUID(attributes["id"]).version == 4


def test_null_resource_id_is_a_random_decimal_number(tmp_path):
    provider = get_provider("null_resource")

    first = provider.create({"triggers": {"k": "v"}}, context(tmp_path))
    second = provider.create({}, context(tmp_path))

    assert first["id"].isdigit() and second["id"].isdigit()
    assert first["id"] != second["id"]
    assert first["triggers"] == {"k": "v"}


def test_deleting_a_state_only_resource_does_nothing(tmp_path):
    get_provider("null_resource").delete({"id": "1"}, context(tmp_path))

    assert list(tmp_path.iterdir()) == []
