"""The request-time check: every planned instance's known arguments, checked
by its provider, so a bad path is refused before anything runs."""

import pytest

from formation.providers import (
    ConfigError,
    get_data_source,
    get_provider,
    known_data_types,
    known_types,
)
from formation.templates import check_instances, load_template, load_variables


def check(text: str, vars_body: str | None = None) -> None:
    template = load_template(
        text, known_types=known_types(), known_data_types=known_data_types()
    )
    variables = load_variables(template, vars_body, None)
    for instance, arguments in check_instances(template, variables):
        if instance.mode == "managed":
            get_provider(instance.type).check(arguments)
        else:
            get_data_source(instance.type).check(arguments)


@pytest.mark.parametrize(
    "text",
    [
        'resource "local_file" "f" {\n  count = 2\n  content = "x"\n'
        '  filename = "/tmp/f${count.index}"\n}\n',
        'resource "local_file" "f" {\n  for_each = { a = "../a" }\n  content = "x"\n'
        "  filename = each.value\n}\n",
        'data "local_file" "d" {\n  for_each = toset(["/etc/passwd"])\n'
        "  filename = each.key\n}\n",
    ],
)
def test_paths_leaving_the_workspace_are_refused_for_every_instance(text):
    with pytest.raises(ConfigError, match="filename"):
        check(text)


def test_a_path_from_a_variable_is_checked_per_instance():
    text = (
        'variable "names" {\n  type = list(string)\n}\n'
        'resource "local_file" "f" {\n  count = length(var.names)\n'
        '  content = "x"\n  filename = var.names[count.index]\n}\n'
    )

    check(text, 'names = ["ok.txt", "also/ok.txt"]')
    with pytest.raises(ConfigError, match=r'must not contain "\.\."'):
        check(text, 'names = ["ok.txt", "sub/../../x"]')
