import pytest

from formation.templates import (
    Lifecycle,
    Provisioner,
    TemplateError,
    check_conditions,
    lifecycle,
    provisioners,
    render_provisioner,
    render_resource,
    replace_triggers,
)
from tests.templates.helpers import apply, load

TEXT = """
variable "name" {
  default = "report.txt"
}
resource "time_static" "clock" {}
resource "random_id" "pool" {
  count       = 2
  byte_length = 2
}
resource "local_file" "report" {
  filename = var.name
  content  = "made at ${time_static.clock.id}"
  lifecycle {
    create_before_destroy = true
    ignore_changes        = [content, file_permission["x"]]
    replace_triggered_by  = [time_static.clock, random_id.pool[1].id, random_id.pool]
    precondition {
      condition     = endswith(var.name, ".txt")
      error_message = "the report must be a .txt file, not ${var.name}"
    }
    postcondition {
      condition     = self.id != "bad"
      error_message = "the report got a bad id"
    }
  }
  provisioner "local-exec" {
    command     = "echo ${self.filename} > log"
    interpreter = ["/bin/sh", "-c"]
    environment = { WHO = var.name, N = 3 }
    working_dir = "out"
  }
  provisioner "local-exec" {
    when       = destroy
    on_failure = continue
    command    = "rm log"
  }
}
resource "null_resource" "all" {
  lifecycle {
    ignore_changes = all
  }
}
"""


def test_lifecycle_exposes_the_declared_settings():
    template = load(TEXT)

    assert lifecycle(template, "local_file.report") == Lifecycle(
        create_before_destroy=True,
        ignore_changes=frozenset({"content", "file_permission"}),
        replace_triggered_by=(
            "time_static.clock",
            "random_id.pool[1].id",
            "random_id.pool",
        ),
    )
    assert lifecycle(template, "null_resource.all").ignore_changes == "all"
    assert lifecycle(template, "random_id.pool[0]") == Lifecycle(False, frozenset(), ())


def test_lifecycle_settings_are_not_arguments():
    template = load(TEXT)
    state = apply(template, {"name": "report.txt"})

    assert set(state["local_file.report"]) == {"filename", "content", "id"}


def test_replace_triggers_evaluate_instances_to_their_state_and_attributes_as_is():
    template = load(TEXT)
    state = apply(template, {"name": "report.txt"})

    values = replace_triggers(template, "local_file.report", {"name": "r.txt"}, state)

    # A whole instance stands for all its attributes, so an in-place update of
    # it triggers a replacement too, as in Terraform.
    pool = [state["random_id.pool[0]"], state["random_id.pool[1]"]]
    assert values == [state["time_static.clock"], "id-random_id.pool[1]", pool]


def test_preconditions_pass_or_fail_with_the_declared_message():
    template = load(TEXT)
    state = apply(template, {"name": "report.txt"})

    check_conditions(
        template, "local_file.report", {"name": "a.txt"}, state, phase="pre"
    )
    with pytest.raises(TemplateError) as caught:
        check_conditions(
            template, "local_file.report", {"name": "a.md"}, state, phase="pre"
        )

    assert caught.value.code == "RF.10011074"
    assert "the report must be a .txt file, not a.md" in caught.value.message


def test_postconditions_read_self_from_the_given_attributes_or_the_state():
    template = load(TEXT)
    state = apply(template, {"name": "report.txt"})
    variables = {"name": "report.txt"}

    check_conditions(template, "local_file.report", variables, state, phase="post")
    with pytest.raises(TemplateError, match="the report got a bad id"):
        check_conditions(
            template,
            "local_file.report",
            variables,
            state,
            phase="post",
            self_attributes={"id": "bad"},
        )


def test_provisioners_are_listed_and_rendered_with_self():
    template = load(TEXT)
    state = apply(template, {"name": "report.txt"})

    listed = provisioners(template, "local_file.report")
    first = render_provisioner(
        template,
        "local_file.report",
        0,
        {"name": "report.txt"},
        state,
        {"filename": "report.txt", "id": "x"},
    )

    assert listed == (
        Provisioner("local-exec", "create", "fail"),
        Provisioner("local-exec", "destroy", "continue"),
    )
    assert first == {
        "command": "echo report.txt > log",
        "interpreter": ["/bin/sh", "-c"],
        "environment": {"WHO": "report.txt", "N": "3"},
        "working_dir": "out",
        "quiet": False,
    }
    assert render_resource(template, "null_resource.all", {}, state) == {}


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ('lifecycle {\n  ignore_changes = "x"\n}', "ignore_changes"),
        ("lifecycle {\n  prevent_everything = true\n}", "unexpected argument"),
        ("lifecycle {\n  replace_triggered_by = [1]\n}", "replace_triggered_by"),
        (
            'provisioner "local-exec" {\n  on_failure = ignore\n  command = "x"\n}',
            "on_failure: must be fail or continue",
        ),
        ('provisioner "local-exec" {\n  shell = "x"\n}', 'unexpected argument "shell"'),
        ('provisioner "file" {\n  source = "x"\n}', "only local-exec"),
        ("triggers = { a = self.id }", "self can only be used"),
    ],
)
def test_malformed_lifecycle_and_provisioner_blocks_are_invalid(block, words):
    with pytest.raises(TemplateError) as caught:
        load(f'resource "null_resource" "a" {{\n{block}\n}}\n')

    assert caught.value.code == "RF.10011074"
    assert words in caught.value.message


def test_output_preconditions_are_checked_when_outputs_are_rendered():
    from tests.templates.helpers import outputs

    template = load(
        'variable "n" {}\noutput "o" {\n  value = var.n\n'
        "  precondition {\n    condition = var.n > 1\n"
        '    error_message = "n is too small"\n  }\n}\n'
    )

    assert outputs(template, {}, {"n": 2}) == {"o": 2}
    with pytest.raises(TemplateError, match="n is too small"):
        outputs(template, {}, {"n": 1})
