from fractions import Fraction

import pytest

from formation.templates import TemplateError, load_variables
from tests.templates.helpers import load

TYPED = """
variable "server" {
  type = object({
    name  = string
    port  = optional(number, 8080)
    tags  = optional(list(string))
    flags = optional(map(bool), {})
  })
}
variable "pair" {
  type    = tuple([string, number])
  default = ["a", "1"]
}
variable "ports" {
  type    = set(number)
  default = [3, 1, 3]
}
variable "loose" {
  type    = list
  default = [1, "a", true]
}
variable "legacy" {
  type    = "map"
  default = { a = 1 }
}
variable "strict" {
  type     = string
  default  = "x"
  nullable = false
}
"""


def loaded(body):
    return load_variables(load(TYPED), body, None)


def test_object_types_fill_optional_attributes_and_drop_undeclared_ones():
    result = loaded('server = { name = "web", extra = 1, flags = { a = "true" } }')

    assert result["server"] == {
        "name": "web",
        "port": 8080,
        "tags": None,
        "flags": {"a": True},
    }


def test_defaults_are_converted_to_the_declared_type():
    result = loaded('server = { name = "x" }')

    assert result["pair"] == ["a", 1]
    assert result["ports"] == [1, 3]
    assert result["loose"] == ["1", "a", "true"]
    assert result["legacy"] == {"a": 1}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("server = {}", 'attribute "name" is required'),
        ('server = { name = "x", port = "eighty" }', 'attribute "port"'),
        ('server = "web"', "object is required"),
        ('server = { name = "x" }\npair = ["a"]', "tuple of 2 element(s)"),
        ('server = { name = "x" }\nports = ["x"]', "[0]"),
        ('server = { name = "x" }\nstrict = null', "must not be null"),
        ('server = { name = ["x"] }', "string is required"),
    ],
)
def test_values_that_do_not_fit_the_type_are_refused(body, words):
    with pytest.raises(TemplateError) as caught:
        loaded(body)

    assert caught.value.code == "RF.10011074"
    assert words in caught.value.message


def test_a_default_that_does_not_fit_its_type_is_an_invalid_template():
    with pytest.raises(TemplateError, match="the default does not fit the type"):
        load('variable "n" {\n  type = number\n  default = "many"\n}\n')


def test_vars_structure_text_is_parsed_for_collection_and_object_types():
    template = load(TYPED)

    result = load_variables(
        template,
        None,
        [{"var_key": "server", "var_value": '{ name = "db", port = 5432 }'}],
    )

    assert result["server"]["port"] == 5432


def test_numbers_are_exact_and_arbitrarily_large():
    result = load_variables(
        load('variable "n" {\n  type = number\n}\n'),
        "n = 123456789012345678901234567890.5",
        None,
    )

    assert result["n"] == Fraction("123456789012345678901234567890.5")


def test_validation_messages_may_interpolate_the_value():
    text = """
variable "size" {
  type = number
  validation {
    condition     = var.size >= 1 && var.size <= 3
    error_message = "size must be 1 to 3, not ${var.size}."
  }
}
"""
    with pytest.raises(TemplateError) as caught:
        load_variables(load(text), "size = 9", None)

    assert caught.value.code == "RF.10011074"
    assert caught.value.message == 'variable "size": size must be 1 to 3, not 9.'


def test_unknown_type_keywords_are_invalid():
    with pytest.raises(TemplateError, match='unknown type "strin"'):
        load('variable "a" {\n  type = strin\n}\n')
