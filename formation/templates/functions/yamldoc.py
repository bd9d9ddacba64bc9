"""``yamldecode``: YAML as Terraform reads it.

Terraform's reader mixes YAML 1.1 and 1.2: ``yes`` and ``on`` are true, dates
are text, ``0644`` is the decimal 644, ``0o17`` octal, ``0x1F`` hex and
``1_000`` a string. The loader below resolves plain scalars the same way.

TODO: PyYAML is installed here as a dependency of other packages; it should be
declared in pyproject.toml (with types-PyYAML for mypy) so a fresh install of
Formation is sure to have it.
"""

import datetime
import re
from fractions import Fraction
from typing import Any

import yaml  # type: ignore[import-untyped]

from formation.templates.errors import ExpressionError
from formation.templates.values import normalize, to_text

_INT = re.compile(r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader whose numbers follow Terraform's reading."""


def _drop_number_resolvers() -> None:
    resolvers = {
        first: [
            (tag, pattern)
            for tag, pattern in entries
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
        ]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _Loader.yaml_implicit_resolvers = resolvers


def _construct_int(loader: Any, node: Any) -> int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body.startswith(("0o", "0x")):
        return sign * int(body[2:], 8 if body[1] == "o" else 16)
    return sign * int(body, 10)


def _construct_float(loader: Any, node: Any) -> Any:
    return normalize(Fraction(str(loader.construct_scalar(node))))


_drop_number_resolvers()
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def yamldecode(value: Any) -> Any:
    """Decode one YAML document into plain values; an empty text is an error."""
    text = to_text(value)
    try:
        documents = list(yaml.load_all(text, Loader=_Loader))
    except yaml.YAMLError as error:
        raise ExpressionError(f"yamldecode(): {error}") from error
    if len(documents) != 1:
        problem = "no document" if not documents else "more than one document"
        raise ExpressionError(f"yamldecode(): the text holds {problem}")
    return _plain(documents[0])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {to_text(_plain(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        return normalize(Fraction(repr(value))) if value == value else str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return _timestamp(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _timestamp(value: datetime.date) -> str:
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
