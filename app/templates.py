"""Request-time checks of templates and variables, so bad ones never reach a worker."""

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from app import context
from app.errors import BadRequest
from formation.plans import deployment_steps
from formation.providers import (
    ConfigError,
    get_data_source,
    get_provider,
    known_data_types,
    known_types,
)
from formation.records import Resource, template_key, template_source
from formation.templates import (
    Template,
    TemplateError,
    check_instances,
    load_template,
    load_variables,
    plan_instances,
    provisioners,
)


@lru_cache(maxsize=128)
def _parse(key: tuple[bool, str], text: str) -> Template:
    return load_template(
        template_source(text),
        known_types=known_types(),
        known_data_types=known_data_types(),
    )


def parse(text: str) -> Template:
    """The parsed template; a bad one is a 400 with the engine's RF code.

    ``text`` is a template text or a ``TemplateFiles`` (a zip's files); the
    cache key covers every file.
    """
    try:
        return _parse(template_key(text), text)
    except TemplateError as exc:
        raise BadRequest(exc.message, exc.code) from exc


def check(
    text: str, vars_body: str | None, vars_structure: list[dict[str, Any]] | None
) -> tuple[Template, dict[str, Any]]:
    """Parse the template, resolve its variables and let providers check arguments.

    Raises BadRequest for anything that could never deploy: a parse error, an
    unknown reference, type or function, a cycle, a missing variable, a count
    known only after apply, a provisioner (not enabled on this server), or a
    provider argument that is wrong whatever happens at run time.
    """
    template = parse(text)
    allowed = context.settings().allow_local_exec
    address = ""
    try:
        values = load_variables(template, vars_body, vars_structure)
        for instance, arguments in check_instances(template, values):
            address = instance.address
            if instance.mode == "data":
                get_data_source(instance.type).check(arguments)
                continue
            get_provider(instance.type).check(arguments)
            if provisioners(template, address) and not allowed:
                raise BadRequest(
                    f"{address}: provisioners are not enabled on this server "
                    "(FORMATION_ALLOW_LOCAL_EXEC)",
                    "RF.10011074",
                )
    except TemplateError as exc:
        raise BadRequest(exc.message, exc.code) from exc
    except ConfigError as exc:
        raise BadRequest(f"{address}: {exc}", "RF.10011074") from exc
    return template, values


def steps(
    template: Template, values: Mapping[str, Any], state: Mapping[str, Resource]
) -> list[str]:
    """A deployment's steps for a checked template (see ``deployment_steps``)."""
    try:
        planned = [i.address for i in plan_instances(template, values)]
    except TemplateError as exc:
        raise BadRequest(exc.message, exc.code) from exc
    return deployment_steps(planned, state)
