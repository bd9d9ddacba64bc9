import pytest

from formation.templates import (
    OutputValue,
    StaticArguments,
    TemplateError,
    check_static,
    render_outputs,
    render_resource,
)
from tests.templates.helpers import load

TEXT = """
variable "greeting" {
  default = "hello"
}
resource "random_id" "suffix" {
  byte_length = 4
  prefix      = "${var.greeting}-"
}
locals {
  name = "report-${random_id.suffix.hex}"
}
resource "local_file" "report" {
  filename        = "${path.module}/out/${local.name}.txt"
  content         = upper(var.greeting)
  file_permission = "0644"
  depends_on      = [random_id.suffix]
}
output "file" {
  value       = local_file.report.filename
  description = "the report"
}
output "secret" {
  value     = random_id.suffix.b64_std
  sensitive = true
}
"""
VARIABLES = {"greeting": "hi"}
STATE = {
    "random_id.suffix": {"hex": "hi-ab12", "b64_std": "hi-qxI="},
    "local_file.report": {"filename": "./out/report-hi-ab12.txt"},
}


def test_render_resource_evaluates_arguments_with_state_and_leaves_out_meta():
    config = render_resource(load(TEXT), "local_file.report", VARIABLES, STATE)

    assert config == {
        "filename": "./out/report-hi-ab12.txt",
        "content": "HI",
        "file_permission": "0644",
    }


def test_render_resource_reading_a_missing_attribute_names_it():
    state = {"random_id.suffix": {}}

    with pytest.raises(TemplateError) as caught:
        render_resource(load(TEXT), "local_file.report", VARIABLES, state)

    assert caught.value.code == "RF.10011074"
    assert 'random_id.suffix has no attribute "hex"' in caught.value.message
    assert caught.value.message.startswith('local_file.report: argument "filename"')


def test_render_resource_before_its_dependency_exists_is_an_error():
    with pytest.raises(TemplateError, match=r"random_id\.suffix has not been created"):
        render_resource(load(TEXT), "local_file.report", VARIABLES, {})


def test_check_static_keeps_what_needs_no_state_and_lists_the_rest():
    checked = dict(check_static(load(TEXT), VARIABLES))

    assert list(checked) == ["random_id.suffix", "local_file.report"]
    assert checked["random_id.suffix"] == {"byte_length": 4, "prefix": "hi-"}
    report = checked["local_file.report"]
    assert report == {"content": "HI", "file_permission": "0644"}
    assert isinstance(report, StaticArguments)
    assert report.pending == frozenset({"filename"})


def test_check_static_reports_errors_that_no_state_can_fix():
    text = 'resource "null_resource" "a" {\n  triggers = { n = 1 / 0 }\n}\n'

    with pytest.raises(TemplateError) as caught:
        check_static(load(text), {})

    assert caught.value.code == "RF.10011074"
    assert "null_resource.a" in caught.value.message


def test_render_outputs_returns_values_descriptions_and_sensitivity_in_order():
    template = load(TEXT)

    outputs = render_outputs(template, VARIABLES, STATE)

    assert outputs == [
        OutputValue("file", "the report", "./out/report-hi-ab12.txt", False),
        OutputValue("secret", "", "hi-qxI=", True),
    ]
    assert template.sensitive_outputs() == frozenset({"secret"})


def test_output_without_value_is_invalid():
    with pytest.raises(TemplateError, match='"value" argument is required'):
        load('output "o" {\n  description = "x"\n}\n')


def test_a_template_can_be_rendered_from_several_threads_at_once():
    from concurrent.futures import ThreadPoolExecutor

    template = load(TEXT)

    def render(greeting: str) -> str:
        config = render_resource(
            template, "local_file.report", {"greeting": greeting}, STATE
        )
        return str(config["content"])

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(render, ["a", "b", "c", "d"] * 10))

    assert results == ["A", "B", "C", "D"] * 10
