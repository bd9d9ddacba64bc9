"""Per-process resources of a worker: the store, the chains, parsed templates
and the deployments this process is carrying."""

import json
from collections import OrderedDict
from functools import cache, lru_cache
from typing import Any

from formation.providers import known_data_types, known_types
from formation.records import Deployment, Stack, template_key, template_source
from formation.redis_client import client
from formation.store import Store
from formation.templates import (
    Instance,
    Template,
    load_template,
    load_variables,
    plan_instances,
)
from workers import app, settings
from workers.chains import Chains

__all__ = ["chains", "plan", "running", "settings", "store", "template", "variables"]


@cache
def store() -> Store:
    """One Store per process, created after the pool forks."""
    return Store(client(settings), settings)


@cache
def chains() -> Chains:
    return Chains(app, settings)


# Running deployments this process has seen, by (project, id): what of them
# cannot change while they run (their steps, epoch and stack's template), so
# a step reads only what can (see ``Store.step_view``).
_RUNNING: OrderedDict[tuple[str, str], tuple[Deployment, Stack]] = OrderedDict()
_RUNNING_KEPT = 64


def running(project: str, deployment_id: str) -> tuple[Deployment, Stack] | None:
    """A RUNNING deployment that holds its stack, with that stack, or None.

    Read from Redis the first time and kept: while a deployment holds its
    stack at its epoch, its steps and its stack's template and variables stay
    as they are. Callers check the holder and epoch again before acting.
    """
    key = (project, deployment_id)
    found = _RUNNING.get(key)
    if found is not None:
        _RUNNING.move_to_end(key)
        return found
    d = store().deployment(project, deployment_id)
    if d is None or d.status != "RUNNING":
        return None
    stack = store().stack(project, d.stack_name)
    if stack is None or stack.holder != d.id or stack.epoch != d.epoch:
        return None
    _RUNNING[key] = (d, stack)
    if len(_RUNNING) > _RUNNING_KEPT:
        _RUNNING.popitem(last=False)
    return d, stack


@lru_cache(maxsize=256)
def _template(key: tuple[bool, str], text: str) -> Template:
    return load_template(
        template_source(text),
        known_types=known_types(),
        known_data_types=known_data_types(),
    )


def template(text: str) -> Template:
    """The parsed template, shared by every step of every deployment that uses it.

    ``text`` is ``Stack.template``: for a zip-sent stack it carries every file,
    and the cache key covers them all.
    """
    return _template(template_key(text), text)


@lru_cache(maxsize=256)
def _plan(
    key: tuple[bool, str], text: str, vars_body: str, vars_structure: str
) -> tuple[Template, dict[str, Any], dict[str, Instance]]:
    tpl = template(text)
    values = variables(tpl, vars_body, json.loads(vars_structure))
    instances = {i.address: i for i in plan_instances(tpl, values)}
    return tpl, values, instances


def plan(stack: Stack) -> tuple[Template, dict[str, Any], dict[str, Instance]]:
    """The stack's template, variables and instances by address (cached).

    Every step of a deployment needs them and they only change with the stack's
    template or variables, so each process computes them once per version.
    """
    structure = json.dumps(stack.vars_structure, sort_keys=True)
    template = stack.template
    return _plan(template_key(template), template, stack.vars_body, structure)


def variables(
    tpl: Template, vars_body: str, vars_structure: list[dict[str, Any]]
) -> dict[str, Any]:
    return load_variables(tpl, vars_body or None, vars_structure or None)
