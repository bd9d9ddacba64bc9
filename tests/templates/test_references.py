import pytest

from formation.templates import TemplateError, load_template
from tests.templates.helpers import load


def invalid_message(text: str) -> str:
    with pytest.raises(TemplateError) as caught:
        load(text)
    assert caught.value.code == "RF.10011074"
    return caught.value.message


def test_reference_to_an_undeclared_resource_names_block_and_target():
    text = """
resource "local_file" "report" {
  filename = "a.txt"
  content  = random_id.nope.hex
}
"""
    message = invalid_message(text)

    assert (
        message
        == 'local_file.report: reference to undeclared resource "random_id.nope"'
    )


def test_reference_to_an_undeclared_variable_is_invalid():
    message = invalid_message('output "o" {\n  value = var.missing\n}\n')

    assert 'undeclared variable "missing"' in message
    assert 'output "o"' in message


def test_reference_to_an_undeclared_local_is_invalid():
    message = invalid_message("locals {\n  a = local.b\n}\n")

    assert message == 'local.a: reference to undeclared local value "b"'


def test_call_to_an_unknown_function_is_invalid_at_load_time():
    text = 'resource "null_resource" "a" {\n  triggers = { k = nosuchfn("x") }\n}\n'

    message = invalid_message(text)

    assert 'unknown function "nosuchfn"' in message


def test_unknown_resource_type_is_invalid():
    message = invalid_message('resource "aws_instance" "web" {}\n')

    assert 'unknown resource type "aws_instance"' in message


def test_known_types_come_from_the_caller():
    template = load_template(
        'resource "aws_instance" "web" {}', known_types={"aws_instance"}
    )

    assert template.addresses == ("aws_instance.web",)


def test_cycle_between_resources_is_invalid_and_named():
    text = """
resource "null_resource" "a" {
  triggers = { b = null_resource.b.id }
}
resource "null_resource" "b" {
  depends_on = [null_resource.a]
}
"""
    message = invalid_message(text)

    assert "cycle" in message
    assert "null_resource.a" in message and "null_resource.b" in message


def test_cycle_through_local_values_is_invalid():
    text = """
locals {
  a = null_resource.x.id
}
resource "null_resource" "x" {
  triggers = { a = local.a }
}
"""
    assert "cycle" in invalid_message(text)


def test_resource_referring_to_itself_is_a_cycle():
    text = (
        'resource "null_resource" "x" {\n  triggers = { a = null_resource.x.id }\n}\n'
    )

    assert "cycle" in invalid_message(text)


def test_depends_on_orders_resources_without_a_reference():
    text = """
resource "null_resource" "last" {
  depends_on = [null_resource.first]
}
resource "null_resource" "first" {}
"""
    template = load(text)

    assert template.addresses == ("null_resource.first", "null_resource.last")
    assert template.dependencies("null_resource.last") == {"null_resource.first"}


def test_depends_on_entries_must_be_resource_references():
    text = 'resource "null_resource" "a" {\n  depends_on = ["x"]\n}\n'

    assert "depends_on" in invalid_message(text)


def test_dependencies_through_local_values_count_as_direct():
    text = """
resource "random_id" "a" {
  byte_length = 2
}
locals {
  tag = "x-${random_id.a.hex}"
}
resource "null_resource" "b" {
  triggers = { tag = local.tag }
}
"""
    template = load(text)

    assert template.dependencies("null_resource.b") == {"random_id.a"}
    assert template.addresses == ("random_id.a", "null_resource.b")


def test_independent_resources_keep_declaration_order():
    names = ["zeta", "alpha", "mid", "beta"]
    text = "".join(f'resource "null_resource" "{name}" {{}}\n' for name in names)

    template = load(text)

    assert template.addresses == tuple(f"null_resource.{name}" for name in names)


def test_order_puts_dependencies_first_and_otherwise_follows_declarations():
    text = """
resource "null_resource" "c" {
  triggers = { a = null_resource.a.id, b = null_resource.b.id }
}
resource "null_resource" "b" {}
resource "null_resource" "d" {}
resource "null_resource" "a" {
  triggers = { b = null_resource.b.id }
}
"""
    template = load(text)

    assert template.addresses == (
        "null_resource.b",
        "null_resource.d",
        "null_resource.a",
        "null_resource.c",
    )


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("count.index", "only be used in a block that sets count"),
        ("each.key", "only be used in a block that sets for_each"),
        ("count.other", "only count.index can be used"),
        ("self.id", "self can only be used in provisioners and postconditions"),
        ("data.local_file.x.content", 'undeclared data source "data.local_file.x"'),
        ("module.m.out", 'undeclared module "m"'),
        ("path.nowhere", "path supports"),
        ("terraform.other", "workspace"),
        ("var", '"var" must be followed'),
        ("bare_name", 'unknown name "bare_name"'),
    ],
)
def test_unsupported_or_unknown_names_are_invalid(expression, words):
    text = f'resource "null_resource" "a" {{\n  triggers = {{ k = {expression} }}\n}}\n'

    assert words in invalid_message(text)


def test_names_bound_by_a_for_expression_are_not_references():
    text = """
variable "names" { default = ["a", "b"] }
output "o" {
  value = [for name in var.names : upper(name)]
}
"""
    assert load(text).variable_names() == frozenset({"names"})


def test_output_depends_on_must_name_declared_resources():
    text = 'output "o" {\n  value = 1\n  depends_on = [null_resource.gone]\n}\n'

    assert 'undeclared resource "null_resource.gone"' in invalid_message(text)
