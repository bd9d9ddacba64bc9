import json

import pytest

from formation.templates import TemplateError, load_variables
from tests.templates.helpers import load

DECLARATIONS = """
variable "name" {
  type    = string
  default = "world"
}
variable "port" {
  type = number
}
variable "enabled" {
  type    = bool
  default = false
}
variable "tags" {
  type    = list(string)
  default = []
}
variable "labels" {
  type    = map(string)
  default = {}
}
variable "anything" {
  default = null
}
"""


def given(body=None, structure=None):
    pairs = [
        {"var_key": key, "var_value": value} for key, value in (structure or {}).items()
    ]
    return load_variables(load(DECLARATIONS), body, pairs)


def error_of(body=None, structure=None) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        given(body, structure)
    return caught.value


def test_defaults_fill_in_what_is_not_given():
    assert given(structure={"port": "80"}) == {
        "name": "world",
        "port": 80,
        "enabled": False,
        "tags": [],
        "labels": {},
        "anything": None,
    }


def test_vars_body_values_keep_their_hcl_types():
    result = given('name = "x"\nport = 8080\ntags = ["a", "b"]\nlabels = { k = "v" }\n')

    assert (result["name"], result["port"]) == ("x", 8080)
    assert (result["tags"], result["labels"]) == (["a", "b"], {"k": "v"})


def test_vars_structure_strings_are_converted_to_the_declared_type():
    result = given(
        structure={"port": "8080", "enabled": "true", "tags": '["a"]', "anything": "7"}
    )

    assert result["port"] == 8080
    assert result["enabled"] is True
    assert result["tags"] == ["a"]
    assert result["anything"] == "7"


def test_vars_body_string_for_a_number_variable_is_converted():
    assert given('port = "443"')["port"] == 443


def test_vars_body_and_vars_structure_combine():
    result = given('name = "from-body"', {"port": "1"})

    assert (result["name"], result["port"]) == ("from-body", 1)


def test_same_variable_in_body_and_structure_is_refused():
    error = error_of("port = 1", {"port": "2"})

    assert error.code == "RF.10011074"
    assert '"port"' in error.message and "both" in error.message


def test_value_for_an_undeclared_variable_is_refused():
    error = error_of('port = 1\nghost = "x"')

    assert error.code == "RF.10011074"
    assert 'undeclared variable "ghost"' in error.message


def test_missing_required_variable_is_refused():
    error = error_of()

    assert error.code == "RF.10011074"
    assert error.message == 'variable "port" is required'


def test_vars_body_that_does_not_parse_has_its_own_code():
    assert error_of("port = = 1").code == "RF.10011051"


def test_vars_body_may_not_contain_blocks_or_references():
    assert error_of('port = 1\nresource "a" "b" {}').code == "RF.10011051"
    assert error_of("port = var.other").code == "RF.10011051"


def test_vars_body_may_not_set_a_variable_twice():
    assert error_of("port = 1\nport = 2").code == "RF.10011051"


def test_empty_value_for_a_number_has_its_own_code():
    assert error_of(structure={"port": ""}).code == "RF.10011052"


def test_value_of_the_wrong_type_is_refused_naming_the_variable():
    error = error_of(structure={"port": "eighty"})

    assert error.code == "RF.10011074"
    assert 'variable "port"' in error.message


def test_bool_variable_refuses_other_words():
    assert error_of(structure={"port": "1", "enabled": "yes"}).code == "RF.10011074"


def test_same_key_twice_in_vars_structure_is_refused():
    pairs = [
        {"var_key": "port", "var_value": "1"},
        {"var_key": "port", "var_value": "2"},
    ]

    with pytest.raises(TemplateError, match="twice"):
        load_variables(load(DECLARATIONS), None, pairs)


def test_failed_validation_reports_its_error_message():
    text = """
variable "password" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.password) >= 8
    error_message = "The password must have at least 8 characters."
  }
}
"""
    template = load(text)
    pairs = [{"var_key": "password", "var_value": "short"}]

    with pytest.raises(TemplateError) as caught:
        load_variables(template, None, pairs)

    assert caught.value.code == "RF.10011074"
    assert "at least 8 characters" in caught.value.message
    assert load_variables(template, 'password = "long enough"', None)


def test_unknown_variable_type_is_an_invalid_template():
    with pytest.raises(TemplateError, match='unknown type "text"'):
        load('variable "v" {\n  type = text\n}\n')


def test_default_may_not_refer_to_other_variables():
    with pytest.raises(TemplateError, match="references are not allowed"):
        load('variable "a" {}\nvariable "b" {\n  default = var.a\n}\n')


def test_tf_json_variable_type_is_an_expression_in_a_string():
    document = {"variable": {"n": {"type": "number"}, "l": {"type": "list(string)"}}}
    template = load(json.dumps(document))
    pairs = [{"var_key": "n", "var_value": "3"}, {"var_key": "l", "var_value": '["x"]'}]

    assert load_variables(template, None, pairs) == {"n": 3, "l": ["x"]}


def test_a_collection_value_must_be_one_expression_and_nothing_more():
    error = error_of(structure={"port": "1", "tags": '["a"]\nresource "x" "y" {}'})

    assert error.code == "RF.10011074"
    assert 'variable "tags"' in error.message
