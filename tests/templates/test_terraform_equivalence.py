"""Compare the engine with a real ``terraform`` binary, when one is installed.

Only what needs no provider download is compared: expressions, functions,
locals, count / for_each over ``terraform_data``, and outputs. Without the
binary these tests are skipped; every other test stands on its own.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from formation.providers import ProviderContext, get_provider
from formation.templates import load_variables, plan_instances, render_resource
from tests.templates import test_corpus_functions, test_language
from tests.templates.helpers import load, outputs

TERRAFORM = shutil.which("terraform")
pytestmark = pytest.mark.skipif(TERRAFORM is None, reason="no terraform binary")

# These depend on the files of the template, which the console cannot see.
NOT_COMPARED = frozenset({"path.module", "path.root"})


def run(folder: Path, *arguments: str, stdin: str | None = None) -> str:
    environment = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull}
    done = subprocess.run(
        [str(TERRAFORM), *arguments],
        cwd=folder,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"terraform {arguments[0]} failed: {done.stderr}")
    return done.stdout


def terraform_outputs(folder: Path, text: str) -> dict[str, Any]:
    (folder / "main.tf").write_text(text)
    run(folder, "init", "-input=false", "-no-color")
    run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
    shown = json.loads(run(folder, "output", "-json"))
    return {name: entry["value"] for name, entry in shown.items()}


def close(ours: Any, theirs: Any) -> bool:
    """Compare JSON values; numbers may differ in the last float digit only.

    A null output is missing from terraform's listing, hence None there.
    """
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return ours is theirs
    if isinstance(ours, float) or isinstance(theirs, float):
        return abs(float(ours) - float(theirs)) <= 1e-12 * max(1.0, abs(float(theirs)))
    if isinstance(ours, list) and isinstance(theirs, list):
        same = len(ours) == len(theirs)
        return same and all(close(a, b) for a, b in zip(ours, theirs, strict=True))
    if isinstance(ours, dict) and isinstance(theirs, dict):
        same = ours.keys() == theirs.keys()
        return same and all(close(ours[k], theirs[k]) for k in ours)
    return bool(ours == theirs)


def test_expressions_and_functions_match_terraform(tmp_path):
    cases = [
        expression
        for expression, _expected in [
            *test_language.CASES,
            *test_corpus_functions.CASES,
        ]
        if expression not in NOT_COMPARED
    ]
    text = "".join(
        f'output "o{index}" {{\n  value = {expression}\n}}\n'
        for index, expression in enumerate(cases)
    )

    theirs = terraform_outputs(tmp_path, text)
    ours = outputs(load(text), {})

    # terraform lists every output but the null ones.
    assert len(theirs) >= len(cases) - 2

    different = [
        (cases[int(name[1:])], ours[name], theirs.get(name))
        for name in ours
        if not close(ours[name], theirs.get(name))
    ]
    assert different == []


@pytest.mark.parametrize(("expression", "words"), test_corpus_functions.REFUSALS)
def test_what_the_engine_refuses_terraform_refuses_too(tmp_path, expression, words):
    environment = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull}
    done = subprocess.run(
        [str(TERRAFORM), "console", "-no-color"],
        cwd=tmp_path,
        input=expression + "\n",
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert "Error" in done.stdout + done.stderr


CONFIGURATION = """
variable "names" {
  type    = map(object({ size = number, tag = optional(string, "none") }))
  default = { b = { size = 2 }, a = { size = 1, tag = "x" } }
}
locals {
  doubled = { for key, item in var.names : key => item.size * 2 }
  label   = join("-", [for key in sort(keys(var.names)) : upper(key)])
}
resource "terraform_data" "each" {
  for_each = var.names
  input    = "${each.key}:${each.value.tag}:${local.doubled[each.key]}"
}
resource "terraform_data" "counted" {
  count = length(var.names)
  input = count.index * 10
}
resource "terraform_data" "joined" {
  input = { all = values(terraform_data.each)[*].output, label = local.label }
}
output "each" {
  value = { for key, item in terraform_data.each : key => item.output }
}
output "counted" {
  value = terraform_data.counted[*].output
}
output "joined" {
  value = terraform_data.joined.output
}
output "workspace" {
  value = terraform.workspace
}
"""


def test_a_terraform_data_configuration_applies_as_terraform_applies_it(tmp_path):
    theirs = terraform_outputs(tmp_path / "terraform", CONFIGURATION)
    template = load(CONFIGURATION)
    variables = load_variables(template, None, None)
    provider = get_provider("terraform_data")
    state: dict[str, dict[str, Any]] = {}
    for instance in plan_instances(template, variables):
        config = render_resource(template, instance.address, variables, state)
        context = ProviderContext(tmp_path, instance.address, "d-1")
        state[instance.address] = provider.create(config, context)

    assert outputs(template, state, variables) == theirs


@pytest.fixture(autouse=True)
def _folder(tmp_path):
    (tmp_path / "terraform").mkdir()
