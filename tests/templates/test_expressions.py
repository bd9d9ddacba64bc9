import pytest

from formation.templates import TemplateError
from tests.templates.helpers import value_of


def test_interpolation_converts_numbers_and_bools_to_text():
    assert value_of('"${1 + 1} ${true} ${2.50}"') == "2 true 2.5"


def test_lone_interpolation_keeps_the_value_type():
    assert value_of('"${var.items}"', items=[1, 2]) == [1, 2]


def test_escapes_in_quoted_strings_are_resolved():
    assert value_of(r'"a\"b\\c\nd\u00e9"') == 'a"b\\c\ndé'


def test_doubled_dollar_and_percent_escape_template_sequences():
    assert value_of('"$${literal} %%{ also }"') == "${literal} %{ also }"


def test_interpolating_a_list_into_text_is_an_error():
    with pytest.raises(TemplateError) as caught:
        value_of('"x${var.items}"', items=[1])

    assert caught.value.code == "RF.10011074"
    assert 'output "o"' in caught.value.message


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 / 2", 3.5),
        ("8 / 2", 4),
        ("7 % 3", 1),
        ("-3 + 1", -2),
        ('"4" + 1', 5),
        ("1.5e3", 1500),
        ("3 > 2 && 2 >= 2", True),
        ("1 < 0 || !false", True),
        ('1 == "1"', False),
        ('"a" != "b"', True),
        ("[1, 2] == [1, 2]", True),
        ('true ? "yes" : "no"', "yes"),
        ("1 > 2 ? 1 : 2", 2),
        ("null", None),
    ],
)
def test_operators_follow_terraform_rules(expression, expected):
    result = value_of(expression)

    assert result == expected
    assert type(result) is type(expected)


def test_division_by_zero_is_an_error():
    with pytest.raises(TemplateError, match="division by zero"):
        value_of("1 / 0")


def test_objects_accept_bare_quoted_and_computed_keys():
    result = value_of('{ a = 1, "b c" = 2, (var.k) = 3, for = 4 }', k="dyn")

    assert result == {"a": 1, "b c": 2, "dyn": 3, "for": 4}


def test_index_and_attribute_access_walk_nested_values():
    data = {"list": [{"name": "first"}, {"name": "second"}]}

    assert value_of("var.data.list[1].name", data=data) == "second"
    assert value_of('var.data["list"][0]["name"]', data=data) == "first"
    assert value_of("var.data.list.0.name", data=data) == "first"


def test_index_out_of_range_is_an_error_naming_the_value():
    with pytest.raises(TemplateError, match=r"var\.items has no element 5"):
        value_of("var.items[5]", items=[1])


def test_splat_collects_an_attribute_of_every_element():
    items = [{"id": "a"}, {"id": "b"}]

    assert value_of("var.items[*].id", items=items) == ["a", "b"]
    assert value_of("var.items.*.id", items=items) == ["a", "b"]


def test_for_expression_builds_a_filtered_list():
    result = value_of(
        '[for i, s in var.l : "${i}=${s}" if s != "b"]', l=["a", "b", "c"]
    )

    assert result == ["0=a", "2=c"]


def test_for_expression_builds_an_object_and_groups_with_ellipsis():
    assert value_of("{for k, v in var.m : v => k}", m={"x": "1", "y": "2"}) == {
        "1": "x",
        "2": "y",
    }
    assert value_of("{for s in var.l : substr(s, 0, 1) => s...}", l=["ab", "ac"]) == {
        "a": ["ab", "ac"]
    }


def test_path_and_workspace_names_point_at_the_stack_workspace():
    assert value_of('"${path.module}/${path.root}/${path.cwd}"') == "././."
    assert value_of("terraform.workspace") == "default"


def test_local_values_can_build_on_each_other():
    from formation.templates import render_outputs
    from tests.templates.helpers import load

    text = """
variable "name" { default = "x" }
locals {
  upper_name = upper(var.name)
  greeting   = "hi ${local.upper_name}"
}
output "o" { value = local.greeting }
"""
    assert render_outputs(load(text), {"name": "bob"}, {})[0].value == "hi BOB"
