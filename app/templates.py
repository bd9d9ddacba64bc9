"""Request-time checks of templates and variables, so bad ones never reach a worker."""

import hashlib
from functools import lru_cache
from typing import Any

from app.errors import BadRequest
from formation.providers import ConfigError, get_provider, known_types
from formation.templates import (
    Template,
    TemplateError,
    check_static,
    load_template,
    load_variables,
)


@lru_cache(maxsize=128)
def _parse(digest: str, text: str) -> Template:
    return load_template(text, known_types=known_types())


def parse(text: str) -> Template:
    """The parsed template; a bad one is a 400 with the engine's RF code."""
    try:
        return _parse(hashlib.sha256(text.encode()).hexdigest(), text)
    except TemplateError as exc:
        raise BadRequest(exc.message, exc.code) from exc


def check(
    text: str, vars_body: str | None, vars_structure: list[dict[str, Any]] | None
) -> Template:
    """Parse the template, resolve its variables and let providers check arguments.

    Raises BadRequest for anything that could never deploy: a parse error, an
    unknown reference, type or function, a cycle, a missing variable, or a
    provider argument that is wrong whatever happens at run time.
    """
    template = parse(text)
    try:
        values = load_variables(template, vars_body, vars_structure)
        for address, arguments in check_static(template, values):
            get_provider(template.resource_type(address)).check(arguments)
    except TemplateError as exc:
        raise BadRequest(exc.message, exc.code) from exc
    except ConfigError as exc:
        raise BadRequest(f"{address}: {exc}", "RF.10011074") from exc
    return template
