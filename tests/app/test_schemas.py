"""Every documented constraint of the request schemas, with its RF code and field."""

from typing import Any

import pytest
from marshmallow import Schema, ValidationError

from app import schemas
from app.errors import from_validation

ID = "11111111-2222-3333-4444-555555555555"
TF = 'resource "random_id" "a" {\n  byte_length = 2\n}\n'


def _refusal(schema: Schema, data: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        schema.load(data)
    bad = from_validation(caught.value)
    return bad.code, bad.message


CREATE_CASES = [
    ({}, "RF.10011001", "stack_name"),
    ({"stack_name": "s", "colour": "red"}, "RF.10011002", "colour"),
    ({"stack_name": "s", "template_body": TF, "template_uri": "u"}, "RF.10011003", ""),
    ({"stack_name": "s" * 129}, "RF.10011005", "stack_name"),
    ({"stack_name": ""}, "RF.10011006", "stack_name"),
    ({"stack_name": "1abc"}, "RF.10011010", "stack_name"),
    ({"stack_name": "a.b"}, "RF.10011010", "stack_name"),
    ({"stack_name": "name\n"}, "RF.10011010", "stack_name"),
    ({"stack_name": "_x"}, "RF.10011010", "stack_name"),
    ({"stack_name": 5}, "RF.10011038", "stack_name"),
    ({"stack_name": None}, "RF.10011038", "stack_name"),
    ({"stack_name": "s", "description": "d" * 1025}, "RF.10011005", "description"),
    ({"stack_name": "s", "template_body": "t" * 51201}, "RF.10011005", "template_body"),
    ({"stack_name": "s", "vars_body": "v" * 51201}, "RF.10011141", "vars_body"),
    ({"stack_name": "s", "template_body": "\ud800"}, "RF.10011085", "template_body"),
    ({"stack_name": "s", "description": "\udfff"}, "RF.10011038", "description"),
    ({"stack_name": "s", "template_uri": "u" * 2049}, "RF.10011005", "template_uri"),
    ({"stack_name": "s", "enable_auto_rollback": 1}, "RF.10011038", "enable_auto"),
    (
        {"stack_name": "s", "enable_deletion_protection": "true"},
        "RF.10011038",
        "enable_",
    ),
    ({"stack_name": "s", "agencies": {}}, "RF.10011038", "agencies"),
    (
        {
            "stack_name": "s",
            "agencies": [
                {"provider_name": f"p{n}", "agency_name": "a"} for n in range(11)
            ],
        },
        "RF.10011005",
        "agencies",
    ),
    (
        {"stack_name": "s", "agencies": [{"agency_name": "a"}]},
        "RF.10011001",
        "provider",
    ),
    (
        {"stack_name": "s", "agencies": [{"provider_name": "p"}]},
        "RF.10011001",
        "agencies.0",
    ),
    (
        {
            "stack_name": "s",
            "agencies": [
                {"provider_name": "p", "agency_name": "a"},
                {"provider_name": "p", "agency_urn": "u"},
            ],
        },
        "RF.10011065",
        "agencies",
    ),
    (
        {"stack_name": "s", "vars_structure": [{"var_key": "9x", "var_value": ""}]},
        "RF.10011039",
        "vars_structure.0.var_key",
    ),
    (
        {"stack_name": "s", "vars_structure": [{"var_key": "k" * 33, "var_value": ""}]},
        "RF.10011005",
        "var_key",
    ),
    (
        {"stack_name": "s", "vars_structure": [{"var_key": "k"}]},
        "RF.10011001",
        "var_value",
    ),
    (
        {"stack_name": "s", "vars_structure": [{"var_key": "k", "var_value": 3}]},
        "RF.10011038",
        "var_value",
    ),
    (
        {
            "stack_name": "s",
            "vars_structure": [{"var_key": "k", "var_value": ""}] * 101,
        },
        "RF.10011005",
        "vars_structure",
    ),
]


@pytest.mark.parametrize(("data", "code", "field"), CREATE_CASES)
def test_create_stack_refuses_each_broken_rule_with_its_code(
    data: dict[str, Any], code: str, field: str
) -> None:
    found, message = _refusal(schemas.CreateStack(), data)

    assert found == code, message
    assert field in message


@pytest.mark.parametrize(
    "name", ["a", "资源栈", "中文_name-1", "Z" * 128, "a" + "栈" * 127]
)
def test_stack_names_may_be_chinese_or_latin(name: str) -> None:
    assert schemas.CreateStack().load({"stack_name": name})["stack_name"] == name


def test_deploy_needs_a_template_that_is_not_empty() -> None:
    for data in ({"stack_id": ID}, {"template_body": ""}, {"template_uri": ""}):
        code, _ = _refusal(schemas.DeployStack(), data)
        assert code == "RF.10011056"


def test_update_with_nothing_to_update_is_refused() -> None:
    for data in ({}, {"stack_id": ID}):
        code, _ = _refusal(schemas.UpdateStack(), data)
        assert code == "RF.10011084"


def test_update_takes_only_the_basic_information() -> None:
    code, message = _refusal(schemas.UpdateStack(), {"template_body": TF})
    assert (code, message) == ("RF.10011002", "template_body: Unknown field.")


def test_deletion_takes_a_strict_boolean() -> None:
    code, _ = _refusal(schemas.DeleteStackEnhanced(), {"retain_all_resources": "yes"})
    assert code == "RF.10011038"
    loaded = schemas.DeleteStackEnhanced().load({"retain_all_resources": True})
    assert loaded == {"retain_all_resources": True}


@pytest.mark.parametrize(
    ("value", "code"),
    [("x" * 35, "RF.10011006"), ("x" * 129, "RF.10011005"), (None, "RF.10011001")],
)
def test_client_request_id_is_36_to_128_characters(value: Any, code: str) -> None:
    data = {} if value is None else {"Client-Request-Id": value}
    found, message = _refusal(schemas.ClientRequestId(), data)
    assert found == code
    assert message.startswith("Client-Request-Id")


@pytest.mark.parametrize(
    ("value", "code"),
    [("ab", "RF.10011006"), ("p" * 65, "RF.10011005"), ("pro_ject", "RF.10011016")],
)
def test_project_id_is_3_to_64_letters_digits_and_hyphens(
    value: str, code: str
) -> None:
    found, message = _refusal(schemas.Path(), {"project_id": value})
    assert found == code
    assert message.startswith("project_id")


@pytest.mark.parametrize(
    ("limit", "code"),
    [
        ("9", "RF.10011036"),
        ("1001", "RF.10011036"),
        ("ten", "RF.10011036"),
        ("1" * 400, "RF.10011036"),
    ],
)
def test_limit_is_an_integer_from_10_to_1000(limit: str, code: str) -> None:
    found, message = _refusal(schemas.Page(), {"limit": limit})
    assert found == code
    assert message.startswith("limit")


def test_limit_bounds_are_inclusive() -> None:
    assert schemas.Page().load({"limit": "10"})["limit"] == 10
    assert schemas.Page().load({"limit": "1000"})["limit"] == 1000


def test_list_stacks_takes_no_stack_id() -> None:
    code, _ = _refusal(schemas.StacksPage(), {"stack_id": ID})
    assert code == "RF.10011002"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("deployment_id", "short", "RF.10011006"),
        ("filter", "f" * 513, "RF.10011005"),
        ("field", "f" * 129, "RF.10011005"),
        ("marker", "", "RF.10011006"),
        ("marker", "m" * 513, "RF.10011005"),
    ],
)
def test_event_query_lengths(field: str, value: str, code: str) -> None:
    found, message = _refusal(schemas.EventsQuery(), {field: value})
    assert found == code
    assert message.startswith(field)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"access_control_source_ips": ["10.0.0.1"]}, "RF.10011038"),
        ({"access_control_source_ips": ["300.0.0.0/8"]}, "RF.10011038"),
        ({"access_control_source_vpc_ids": ["VPC_1"]}, "RF.10011009"),
    ],
)
def test_template_link_restrictions_are_checked(
    data: dict[str, Any], code: str
) -> None:
    found, _ = _refusal(schemas.TemplateQuery(), data)
    assert found == code


def test_template_link_restrictions_accept_cidr_blocks() -> None:
    data = {"access_control_source_ips": ["10.0.0.0/8", "127.0.0.1/32"]}
    assert schemas.TemplateQuery().load(data) == data
