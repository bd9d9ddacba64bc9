"""Type constraints of variables: parse ``type = ...`` and convert values to them.

Conversion follows Terraform: numbers and bools convert to strings and back,
collections convert element by element, objects drop attributes they do not
declare and fill ``optional(...)`` ones with their default (or null).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.references import unwrap
from formation.templates.syntax import Node, literal_string, name_of, trees
from formation.templates.values import (
    UNKNOWN,
    make_set,
    to_bool,
    to_number,
    to_text,
    type_name,
    unify,
)

PRIMITIVES = frozenset({"string", "number", "bool", "any"})
COLLECTIONS = frozenset({"list", "set", "map"})


@dataclass(frozen=True)
class Attribute:
    """One attribute of an object type; ``default`` applies when it is optional."""

    type: "Type"
    optional: bool = False
    default: Any = None


@dataclass(frozen=True)
class Type:
    """A type constraint: a primitive, a collection, an object or a tuple."""

    kind: str
    element: "Type | None" = None
    attributes: Mapping[str, Attribute] = field(default_factory=dict)
    items: tuple["Type", ...] = ()

    def describe(self) -> str:
        """Return the constraint as Terraform writes it, e.g. ``list(string)``."""
        if self.element is not None:
            return f"{self.kind}({self.element.describe()})"
        if self.kind == "object":
            inner = ", ".join(
                f"{name}={attr.type.describe()}"
                for name, attr in self.attributes.items()
            )
            return "object({" + inner + "})"
        if self.kind == "tuple":
            return "tuple([" + ", ".join(t.describe() for t in self.items) + "])"
        return self.kind


ANY = Type("any")


def parse_type(node: Node, constant: Any) -> Type:
    """Read a type expression; ``constant`` evaluates an optional() default.

    Raises :class:`ExpressionError` for anything that is not a type.
    """
    term = unwrap(node)
    if term.data == "identifier":
        return _keyword(name_of(term))
    if term.data == "string":
        # Terraform 0.11 quoted types: "string", "list", "map".
        return _keyword(literal_string(term))
    if term.data == "function_call":
        return _call(term, constant)
    raise ExpressionError("a type such as string or list(number) is expected")


def _keyword(name: str) -> Type:
    if name in PRIMITIVES:
        return Type(name)
    if name in COLLECTIONS:
        # A bare collection keyword is the legacy spelling of list(any) etc.
        return Type(name, ANY)
    raise ExpressionError(f'unknown type "{name}"')


def _call(term: Node, constant: Any) -> Type:
    name_node, *rest = trees(term)
    name = name_of(name_node)
    arguments = trees(rest[0]) if rest else []
    if name in COLLECTIONS and len(arguments) == 1:
        return Type(name, parse_type(arguments[0], constant))
    if name == "object" and len(arguments) == 1:
        return Type("object", attributes=_attributes(arguments[0], constant))
    if name == "tuple" and len(arguments) == 1:
        listing = unwrap(arguments[0])
        if listing.data != "tuple":
            raise ExpressionError("tuple() takes a list of types")
        return Type(
            "tuple", items=tuple(parse_type(t, constant) for t in trees(listing))
        )
    if name == "optional":
        raise ExpressionError("optional() is allowed only for object attributes")
    raise ExpressionError(f'unknown type "{name}(...)"')


def _attributes(node: Node, constant: Any) -> dict[str, Attribute]:
    listing = unwrap(node)
    if listing.data != "object":
        raise ExpressionError("object() takes an object of attribute types")
    attributes: dict[str, Attribute] = {}
    for element in trees(listing):
        key_node, value_node = trees(element)
        key = unwrap(trees(key_node)[0])
        name = name_of(key) if key.data == "identifier" else literal_string(key)
        attributes[name] = _attribute(value_node, constant)
    return attributes


def _attribute(node: Node, constant: Any) -> Attribute:
    term = unwrap(node)
    if term.data != "function_call" or name_of(trees(term)[0]) != "optional":
        return Attribute(parse_type(node, constant))
    arguments = trees(trees(term)[1]) if len(trees(term)) > 1 else []
    if not 1 <= len(arguments) <= 2:
        raise ExpressionError("optional() takes a type and an optional default")
    kind = parse_type(arguments[0], constant)
    if len(arguments) == 1:
        return Attribute(kind, optional=True)
    default = convert(constant(arguments[1]), kind)
    return Attribute(kind, optional=True, default=default)


def convert(value: Any, kind: Type, path: str = "") -> Any:
    """Return ``value`` converted to type ``kind``.

    Raises :class:`ExpressionError` saying where (``path``) and why it does not
    fit. Null stays null; an unknown value stays unknown.
    """
    if value is None or value is UNKNOWN:
        return value
    try:
        return _CONVERTERS[kind.kind](value, kind, path)
    except ExpressionError as error:
        if path and not str(error).startswith(path):
            raise ExpressionError(f"{path}: {error}") from error
        raise


def _any(value: Any, kind: Type, path: str) -> Any:
    return value


def _string(value: Any, kind: Type, path: str) -> Any:
    if isinstance(value, list | dict):
        raise ExpressionError(f"a string is required, not {type_name(value)}")
    return to_text(value)


def _number(value: Any, kind: Type, path: str) -> Any:
    return to_number(value)


def _bool(value: Any, kind: Type, path: str) -> Any:
    return to_bool(value)


def _list(value: Any, kind: Type, path: str) -> Any:
    if not isinstance(value, list):
        raise ExpressionError(
            f"a {kind.describe()} is required, not {type_name(value)}"
        )
    element = kind.element or ANY
    items = [
        convert(item, element, f"{path}[{index}]") for index, item in enumerate(value)
    ]
    if element.kind == "any":
        items = unify(items)
    return make_set(items) if kind.kind == "set" else items


def _map(value: Any, kind: Type, path: str) -> Any:
    if not isinstance(value, dict):
        raise ExpressionError(
            f"a {kind.describe()} is required, not {type_name(value)}"
        )
    element = kind.element or ANY
    converted = {
        key: convert(item, element, f'{path}["{key}"]') for key, item in value.items()
    }
    if element.kind != "any":
        return converted
    return dict(zip(converted, unify(list(converted.values())), strict=True))


def _object(value: Any, kind: Type, path: str) -> Any:
    if not isinstance(value, dict):
        raise ExpressionError(f"an object is required, not {type_name(value)}")
    result: dict[str, Any] = {}
    for name, attribute in kind.attributes.items():
        where = f"{path}.{name}" if path else f'attribute "{name}"'
        given = value.get(name)
        if given is None and attribute.optional:
            result[name] = attribute.default
        elif name not in value and not attribute.optional:
            raise ExpressionError(f'attribute "{name}" is required')
        else:
            result[name] = convert(given, attribute.type, where)
    return result


def _tuple(value: Any, kind: Type, path: str) -> Any:
    if not isinstance(value, list) or len(value) != len(kind.items):
        count = len(kind.items)
        raise ExpressionError(f"a tuple of {count} element(s) is required")
    return [
        convert(item, element, f"{path}[{index}]")
        for index, (item, element) in enumerate(zip(value, kind.items, strict=True))
    ]


_CONVERTERS = {
    "any": _any,
    "string": _string,
    "number": _number,
    "bool": _bool,
    "list": _list,
    "set": _list,
    "map": _map,
    "object": _object,
    "tuple": _tuple,
}
