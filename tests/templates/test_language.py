import json

import pytest

from formation.templates import TemplateError, plan_instances
from tests.templates.helpers import apply, load, outputs, value_of

CASES = [
    ("0.1 + 0.2", 0.3),
    ("18446744073709551616 * 18446744073709551616", 2**128),
    ("-7 % 3", -1),
    ("7.5 % 2", 1.5),
    ("5 % 0", 5),
    ("10 / 4", 2.5),
    ('"5" + 1', 6),
    ('1 == "1"', False),
    ("!true || 2 >= 2 && 3 < 1", False),
    ('true ? "yes" : "no"', "yes"),
    ("[for x in [1, 2, 3, 4] : x * 10 if x % 2 == 0]", [20, 40]),
    ("{for k, v in {b = 1, a = 2} : v => k}", {"1": "b", "2": "a"}),
    (
        '{for s in ["ab", "ac", "b"] : substr(s, 0, 1) => s...}',
        {"a": ["ab", "ac"], "b": ["b"]},
    ),
    ('[for i, c in toset(["b", "a"]) : "${i}${c}"]', ["aa", "bb"]),
    ("[{ a = 1 }, { a = 2 }][*].a", [1, 2]),
    ("[{ a = 1 }, { a = 2 }].*.a", [1, 2]),
    ("{ a = 1 }[*].a", [1]),
    ("null[*]", []),
    ('"%{ if 1 > 2 }big%{ else }small%{ endif }"', "small"),
    ('"%{ for x in [1, 2] ~} ${x} %{~ endfor }!"', "12!"),
    ('"$${literal} %%{ also }"', "${literal} %{ also }"),
    ("path.module", "."),
    ("path.root", "."),
    ("terraform.workspace", "default"),
    ('length("🏳️‍🌈e\\u0301")', 2),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_expressions_follow_terraform(expression, expected):
    assert value_of(expression) == expected


def test_a_heredoc_interpolates_and_trims_indentation():
    template = load(
        'variable "who" {\n  default = "you"\n}\n'
        'output "o" {\n  value = <<-EOT\n    hello ${var.who}\n'
        "      indented\n    EOT\n}\n"
    )

    assert outputs(template, {}, {"who": "me"}) == {"o": "hello me\n  indented\n"}


def test_try_returns_the_first_argument_that_works_and_can_says_whether_one_does():
    assert value_of('try(var.m.missing, var.m.name, "none")', m={"name": "x"}) == "x"
    assert value_of("can(var.m.missing)", m={}) is False
    assert value_of("can(var.m)", m={}) is True
    with pytest.raises(TemplateError, match="no argument"):
        value_of("try(var.m.a, var.m.b)", m={})


def test_unbalanced_template_directives_are_errors():
    with pytest.raises(TemplateError, match="never closed"):
        value_of('"%{ if true }x"')
    with pytest.raises(TemplateError, match="without a matching"):
        value_of('"x%{ endfor }"')


def test_json_syntax_supports_meta_arguments_and_references_as_strings():
    document = {
        "variable": {"n": {"default": 2}},
        "resource": {
            "null_resource": {
                "a": {"count": "${var.n}", "triggers": {"i": "${count.index}"}},
                "b": {
                    "depends_on": ["null_resource.a"],
                    "lifecycle": {
                        "ignore_changes": ["triggers"],
                        "replace_triggered_by": ["null_resource.a[0]"],
                    },
                },
            }
        },
        "output": {"ids": {"value": "${null_resource.a[*].id}"}},
    }
    template = load(json.dumps(document))
    state = apply(template, {"n": 2})

    assert [i.address for i in plan_instances(template, {"n": 2})] == [
        "null_resource.a[0]",
        "null_resource.a[1]",
        "null_resource.b",
    ]
    assert state["null_resource.a[1]"]["triggers"] == {"i": 1}
    assert outputs(template, state, {"n": 2})["ids"] == [
        "id-null_resource.a[0]",
        "id-null_resource.a[1]",
    ]


def test_terraform_and_provider_blocks_are_accepted_and_ignored():
    template = load(
        'terraform {\n  required_version = ">= 1.0"\n  backend "local" {}\n'
        '  required_providers {\n    random = { source = "hashicorp/random" }\n  }\n}\n'
        'provider "random" {}\n'
        'resource "random_id" "a" {\n  byte_length = 2\n  provider = random\n}\n'
    )

    assert [i.address for i in plan_instances(template, {})] == ["random_id.a"]


def test_file_functions_read_the_template_files_and_never_the_disk():
    template = load(
        {
            "main.tf": 'output "o" {\n  value = [file("${path.module}/data/a.txt"),'
            ' fileset(path.module, "data/*.txt"), fileexists("/etc/hostname"),'
            ' templatefile("t.tpl", { items = ["x", "y"] })]\n}\n',
            "data/a.txt": "A",
            "data/b.txt": "B",
            "data/c.md": "C",
            "t.tpl": "%{ for i in items }[${i}]%{ endfor }",
        }
    )

    assert outputs(template, {}) == {
        "o": ["A", ["data/a.txt", "data/b.txt"], False, "[x][y]"]
    }
    with pytest.raises(TemplateError, match="outside the template"):
        value_of('file("../secret")')
    with pytest.raises(TemplateError, match="no file exists"):
        value_of('file("missing.txt")')
