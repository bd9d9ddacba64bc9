import json

import pytest

from formation.templates import TemplateError, render_outputs, render_resource
from tests.templates.helpers import load

HCL = """
terraform {
  required_providers {
    random = { source = "hashicorp/random" }
  }
}
provider "random" {}

variable "name" {
  type        = string
  default     = "report"
  description = "file name"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "local_file" "report" {
  filename = "${path.module}/${var.name}-${random_id.suffix.hex}.txt"
  content  = "hello"
}

output "path" {
  value       = local_file.report.filename
  description = "where it went"
}
"""


def test_hcl_template_lists_its_resources_dependencies_first():
    template = load(HCL)

    assert template.addresses == ("random_id.suffix", "local_file.report")
    assert template.resource_type("local_file.report") == "local_file"
    assert template.variable_names() == frozenset({"name"})


def test_tf_json_template_reads_like_the_same_hcl():
    document = {
        "variable": {"name": {"default": "report"}},
        "resource": {
            "random_id": {"suffix": {"byte_length": 4}},
            "local_file": {
                "report": {
                    "filename": "${path.module}/${var.name}-"
                    "${random_id.suffix.hex}.txt",
                    "content": "hello",
                }
            },
        },
        "output": {"path": {"value": "${local_file.report.filename}"}},
    }

    template = load(json.dumps(document))
    state = {"random_id.suffix": {"hex": "ab12"}}
    config = render_resource(template, "local_file.report", {"name": "r"}, state)

    assert template.addresses == ("random_id.suffix", "local_file.report")
    assert config == {"filename": "./r-ab12.txt", "content": "hello"}


def test_tf_json_accepts_leading_blanks_and_comments():
    text = '\n  {"//": "a comment", "resource": {"null_resource": {"x": {}}}}'

    assert load(text).addresses == ("null_resource.x",)


def test_tf_json_strings_keep_quotes_backslashes_and_newlines():
    content = 'say "hi"\\n\tC:\\temp\n${upper("a}b")}'
    document = {
        "resource": {"local_file": {"f": {"filename": "a", "content": content}}}
    }

    config = render_resource(load(json.dumps(document)), "local_file.f", {}, {})

    assert config["content"] == 'say "hi"\\n\tC:\\temp\nA}B'


def test_tf_json_variable_defaults_are_never_interpolated():
    document = {
        "variable": {"v": {"default": "${not.a.reference}", "type": "string"}},
        "output": {"o": {"value": "${var.v}"}},
    }

    outputs = render_outputs(load(json.dumps(document)), {"v": "${x}"}, {})

    assert outputs[0].value == "${x}"


def test_tf_json_depends_on_takes_bare_or_wrapped_references():
    document = {
        "resource": {
            "null_resource": {
                "a": {},
                "b": {"depends_on": ["null_resource.c"]},
                "c": {"depends_on": ["${null_resource.a}"]},
            }
        }
    }

    template = load(json.dumps(document))

    assert template.addresses == (
        "null_resource.a",
        "null_resource.c",
        "null_resource.b",
    )


def test_heredoc_is_a_template_with_its_indentation_trimmed():
    text = """
variable "who" { default = "you" }
resource "local_file" "f" {
  filename = "a.txt"
  content  = <<-EOT
    hello ${var.who}
      indented "quoted" \\n
    EOT
}
"""
    config = render_resource(load(text), "local_file.f", {"who": "me"}, {})

    assert config["content"] == 'hello me\n  indented "quoted" \\n\n'


def test_template_given_as_utf8_bytes_loads():
    text = 'resource "local_file" "f" {\n  filename = "é.txt"\n  content = "ü"\n}\n'

    template = load(("\ufeff" + text).encode())

    assert render_resource(template, "local_file.f", {}, {})["content"] == "ü"


def test_bytes_that_are_not_utf8_are_refused_with_their_own_code():
    with pytest.raises(TemplateError) as caught:
        load(b'resource "null_resource" "\xff" {}')

    assert caught.value.code == "RF.10011085"


@pytest.mark.parametrize(
    "text",
    [
        "resource {{{ nonsense",
        'resource "null_resource" "a" {',
        "x = = 1",
        "{ not json",
        "[1, 2]",
        'name = "outside any block"',
    ],
)
def test_text_that_does_not_parse_is_refused_as_unparsable(text):
    with pytest.raises(TemplateError) as caught:
        load(text)

    assert caught.value.code == "RF.10011073"


def test_unparsable_message_says_where():
    with pytest.raises(TemplateError) as caught:
        load('resource "null_resource" "a" {\n  x = = 1\n}\n')

    assert "line 2" in caught.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            'resource "null_resource" "a" {\n count = 1\n for_each = {}\n}',
            "count and for_each cannot both be set",
        ),
        ('data "aws_ami" "a" {\n filename = "x"\n}', "unknown data source type"),
        ('module "m" {\n source = "./m"\n}', 'no .tf or .tf.json file in "./m"'),
        ('module "m" {\n source = "hashicorp/x/y"\n}', "only local modules"),
        (
            'resource "null_resource" "a" {\n provisioner "remote-exec" {\n'
            ' inline = ["ls"]\n }\n}',
            "only local-exec provisioners are supported",
        ),
        (
            'resource "null_resource" "a" {\n provisioner "local-exec" {\n'
            ' command = "ls"\n when = later\n }\n}',
            "when: must be create or destroy",
        ),
        ("moved {\n from = a.b\n to = a.c\n}", "moved blocks are not supported"),
        ('whatever "a" {\n}', "unknown block type"),
        ('resource "null_resource" {\n}', "2 label"),
    ],
)
def test_unsupported_features_are_refused_as_invalid(text, words):
    with pytest.raises(TemplateError) as caught:
        load(text)

    assert caught.value.code == "RF.10011074"
    assert words in caught.value.message


def test_lifecycle_blocks_are_accepted_and_not_passed_to_the_provider():
    text = """
resource "null_resource" "a" {
  triggers = { k = "v" }
  lifecycle {
    create_before_destroy = true
  }
}
"""
    config = render_resource(load(text), "null_resource.a", {}, {})

    assert config == {"triggers": {"k": "v"}}


def test_a_resource_declared_twice_is_invalid():
    text = 'resource "null_resource" "a" {}\nresource "null_resource" "a" {}\n'

    with pytest.raises(TemplateError) as caught:
        load(text)

    assert caught.value.code == "RF.10011074"
    assert "null_resource.a" in caught.value.message
