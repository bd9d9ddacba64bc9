import pytest

from formation.templates import TemplateError, load_variables, plan_instances
from tests.templates.helpers import apply, load, outputs

FILES = {
    "main.tf": """
variable "stem" {
  default = "doc"
}
resource "random_id" "seed" {
  byte_length = 2
}
module "docs" {
  source = "./modules/docs"
  names  = ["a", "b"]
  stem   = var.stem
  seed   = random_id.seed.id
}
resource "null_resource" "after" {
  triggers = { first = module.docs.paths[0] }
}
output "paths" {
  value = module.docs.paths
}
output "everything" {
  value = module.docs
}
""",
    "modules/docs/variables.tf": """
variable "names" {
  type = set(string)
}
variable "stem" {
  type = string
}
variable "seed" {
  type = string
}
variable "suffix" {
  default = ".txt"
}
""",
    "modules/docs/main.tf": """
resource "local_file" "doc" {
  for_each = var.names
  filename = "${path.module}/${var.stem}-${each.key}${var.suffix}"
  content  = var.seed
}
output "paths" {
  value = [for key in sorted_keys : local_file.doc[key].filename]
}
locals {
  ignored = "x"
}
""".replace("sorted_keys", "sort(keys(local_file.doc))"),
    "modules/docs/README.md": "not a configuration file",
}


def test_a_local_module_prefixes_its_instance_addresses():
    template = load(FILES)

    planned = plan_instances(template, load_variables(template, None, None))

    assert [i.address for i in planned] == [
        "random_id.seed",
        'module.docs.local_file.doc["a"]',
        'module.docs.local_file.doc["b"]',
        "null_resource.after",
    ]
    assert planned[1].dependencies == {"random_id.seed"}
    assert planned[3].dependencies == {
        'module.docs.local_file.doc["a"]',
        'module.docs.local_file.doc["b"]',
    }


def test_module_inputs_outputs_and_path_module_evaluate_across_modules():
    template = load(FILES)
    variables = load_variables(template, 'stem = "note"', None)

    state = apply(template, variables)

    assert state['module.docs.local_file.doc["b"]'] == {
        "filename": "modules/docs/note-b.txt",
        "content": "id-random_id.seed",
        "id": 'id-module.docs.local_file.doc["b"]',
    }
    assert state["null_resource.after"]["triggers"] == {
        "first": "modules/docs/note-a.txt"
    }
    result = outputs(template, state, variables)
    assert result["paths"] == ["modules/docs/note-a.txt", "modules/docs/note-b.txt"]
    assert result["everything"] == {"paths": result["paths"]}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("main.tf", 'names  = ["a", "b"]', ""), 'the argument "names" is required'),
        (
            ("main.tf", "stem   = var.stem", "colour = 1"),
            'unexpected argument "colour"',
        ),
        (("main.tf", "./modules/docs", "./nowhere"), "no .tf or .tf.json file in"),
        (("main.tf", "./modules/docs", "../outside"), "outside the template"),
        (("main.tf", "module.docs.paths[0]", "module.docs.nope"), 'no output "nope"'),
        (("main.tf", "module.docs.paths[0]", "module.other.x"), "undeclared module"),
        (("modules/docs/main.tf", "var.seed", "var.missing"), "undeclared variable"),
    ],
)
def test_module_mistakes_are_invalid_templates(change, words):
    name, old, new = change
    files = {**FILES, name: FILES[name].replace(old, new)}

    with pytest.raises(TemplateError) as caught:
        load(files)

    assert caught.value.code == "RF.10011074"
    assert words in caught.value.message


def test_a_module_input_of_the_wrong_type_fails_when_rendered():
    files = {**FILES, "main.tf": FILES["main.tf"].replace('["a", "b"]', '"abc"')}
    template = load(files)

    with pytest.raises(TemplateError, match='variable "names"'):
        plan_instances(template, load_variables(template, None, None))


def test_files_of_a_module_are_read_in_name_order_and_may_not_parse():
    files = {**FILES, "modules/docs/zz.tf": "resource {"}

    with pytest.raises(TemplateError) as caught:
        load(files)

    assert caught.value.code == "RF.10011073"
    assert caught.value.message.startswith("modules/docs/zz.tf:")


def test_a_configuration_without_a_root_file_is_invalid():
    with pytest.raises(TemplateError, match=r"no \.tf or \.tf\.json file at its root"):
        load({"sub/main.tf": 'output "o" {\n  value = 1\n}\n'})
