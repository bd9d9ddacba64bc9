import pytest

from formation.templates import (
    TemplateError,
    check_instances,
    check_static,
    plan_instances,
    render_resource,
)
from tests.templates.helpers import apply, load, outputs

COUNTED = """
variable "sizes" {
  type    = list(number)
  default = [4, 8]
}
resource "random_id" "part" {
  count       = length(var.sizes)
  byte_length = var.sizes[count.index]
}
resource "null_resource" "after" {
  triggers = { first = random_id.part[0].id, all = join(",", random_id.part[*].id) }
}
output "ids" {
  value = random_id.part[*].id
}
output "count" {
  value = length(random_id.part)
}
"""


def test_count_plans_one_instance_per_index_with_indexed_addresses():
    planned = plan_instances(load(COUNTED), {"sizes": [4, 8]})

    assert [i.address for i in planned] == [
        "random_id.part[0]",
        "random_id.part[1]",
        "null_resource.after",
    ]
    assert [i.key for i in planned] == [0, 1, None]
    assert planned[0].name == "part" and planned[0].type == "random_id"
    assert planned[0].mode == "managed"


def test_an_instance_depends_on_every_instance_of_what_it_refers_to():
    planned = plan_instances(load(COUNTED), {"sizes": [4, 8]})

    assert planned[2].dependencies == {"random_id.part[0]", "random_id.part[1]"}
    assert planned[0].dependencies == frozenset()


def test_count_index_and_splats_render_with_instance_keyed_state():
    template = load(COUNTED)
    state = apply(template, {"sizes": [4, 8]})

    assert state["random_id.part[1]"]["byte_length"] == 8
    assert state["null_resource.after"]["triggers"] == {
        "first": "id-random_id.part[0]",
        "all": "id-random_id.part[0],id-random_id.part[1]",
    }
    assert outputs(template, state, {"sizes": [4, 8]}) == {
        "ids": ["id-random_id.part[0]", "id-random_id.part[1]"],
        "count": 2,
    }


def test_count_zero_plans_no_instance_and_reads_as_an_empty_list():
    template = load(
        'resource "random_id" "part" {\n  count = 0\n  byte_length = 2\n}\n'
        'output "ids" {\n  value = random_id.part[*].id\n}\n'
    )

    assert plan_instances(template, {}) == ()
    assert outputs(template, {}) == {"ids": []}


FOR_EACH = """
variable "files" {
  default = { beta = "b", alpha = "a" }
}
resource "local_file" "f" {
  for_each = var.files
  filename = "${path.module}/${each.key}.txt"
  content  = each.value
}
resource "null_resource" "per_file" {
  for_each = local_file.f
  triggers = { name = each.value.filename }
}
resource "null_resource" "tags" {
  for_each = toset(["x", "y", "x"])
  triggers = { tag = each.key, same = each.value }
}
output "names" {
  value = { for key, file in local_file.f : key => file.filename }
}
output "ids" {
  value = values(null_resource.per_file)[*].id
}
"""


def test_for_each_over_a_map_plans_sorted_quoted_keys():
    planned = plan_instances(load(FOR_EACH), {"files": {"beta": "b", "alpha": "a"}})

    assert [i.address for i in planned] == [
        'local_file.f["alpha"]',
        'local_file.f["beta"]',
        'null_resource.per_file["alpha"]',
        'null_resource.per_file["beta"]',
        'null_resource.tags["x"]',
        'null_resource.tags["y"]',
    ]


def test_each_value_of_a_for_each_over_a_resource_is_that_instance():
    template = load(FOR_EACH)
    state = apply(template, {"files": {"beta": "b", "alpha": "a"}})

    assert state['local_file.f["alpha"]']["content"] == "a"
    assert state['null_resource.per_file["beta"]']["triggers"] == {"name": "./beta.txt"}
    assert state['null_resource.tags["y"]']["triggers"] == {"tag": "y", "same": "y"}


def test_a_resource_with_for_each_reads_as_a_map_in_outputs():
    template = load(FOR_EACH)
    variables = {"files": {"beta": "b", "alpha": "a"}}

    result = outputs(template, apply(template, variables), variables)

    assert result["names"] == {"alpha": "./alpha.txt", "beta": "./beta.txt"}
    assert result["ids"] == [
        'id-null_resource.per_file["alpha"]',
        'id-null_resource.per_file["beta"]',
    ]


@pytest.mark.parametrize(
    ("meta", "words"),
    [
        ("count = random_id.x.byte_length", "cannot be determined until apply"),
        ("for_each = { (random_id.x.id) = 1 }", "cannot be determined until apply"),
        ('for_each = ["a", "b"]', "not a tuple; convert a list with toset()"),
        ("for_each = toset([1, 2])", "set must hold strings"),
        ("count = -1", "must not be negative"),
        ("count = 1.5", "whole number"),
        ("count = null", "is null"),
        ("for_each = null", "is null"),
    ],
)
def test_count_and_for_each_must_be_known_and_valid_when_planning(meta, words):
    template = load(
        'resource "random_id" "x" {\n  byte_length = 2\n}\n'
        f'resource "null_resource" "y" {{\n  {meta}\n}}\n'
    )

    with pytest.raises(TemplateError) as caught:
        plan_instances(template, {})

    assert caught.value.code == "RF.10011074"
    assert caught.value.message.startswith("null_resource.y: argument")
    assert words in caught.value.message


def test_render_resource_refuses_an_address_that_names_no_instance():
    template = load(COUNTED)

    with pytest.raises(KeyError):
        render_resource(template, "random_id.part[5]", {"sizes": [4]}, {})
    with pytest.raises(KeyError):
        render_resource(template, "random_id.part", {"sizes": [4]}, {})


def test_check_static_lists_instances_and_leaves_unknown_arguments_pending():
    template = load(FOR_EACH)

    checked = dict(check_static(template, {"files": {"a": "x"}}))

    assert checked['local_file.f["a"]'] == {"filename": "./a.txt", "content": "x"}
    assert checked['null_resource.per_file["a"]'].pending == frozenset({"triggers"})


def test_check_instances_includes_data_sources_with_their_mode():
    template = load(
        'data "local_file" "d" {\n  for_each = toset(["a", "b"])\n'
        '  filename = "in/${each.key}"\n}\n'
    )

    checked = check_instances(template, {})

    assert [(i.address, i.mode, a) for i, a in checked] == [
        ('data.local_file.d["a"]', "data", {"filename": "in/a"}),
        ('data.local_file.d["b"]', "data", {"filename": "in/b"}),
    ]
    assert check_static(template, {}) == []


def test_data_sources_are_planned_and_read_from_state_under_data():
    template = load(
        'data "local_file" "d" {\n  filename = "in.txt"\n}\n'
        'resource "local_file" "copy" {\n'
        '  filename = "out.txt"\n  content = data.local_file.d.content\n}\n'
    )

    planned = plan_instances(template, {})
    config = render_resource(
        template, "local_file.copy", {}, {"data.local_file.d": {"content": "hi"}}
    )

    assert [(i.address, i.mode, i.type) for i in planned] == [
        ("data.local_file.d", "data", "local_file"),
        ("local_file.copy", "managed", "local_file"),
    ]
    assert planned[1].dependencies == {"data.local_file.d"}
    assert config == {"filename": "out.txt", "content": "hi"}


def test_template_lookups_accept_instance_addresses():
    template = load(COUNTED)

    assert template.resource_type("random_id.part[1]") == "random_id"
    assert template.dependencies("null_resource.after") == {"random_id.part"}
