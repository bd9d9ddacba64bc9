"""Read the declarations (variables, locals, resources, outputs) out of blocks.

Everything that can be said about one block alone is checked here; checks
across blocks (references, cycles, resource types) are the loader's.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formation.templates.document import Block
from formation.templates.errors import ExpressionError, invalid
from formation.templates.evaluator import evaluate
from formation.templates.model import Output, Validation, Variable
from formation.templates.references import collect, dependency_addresses, unwrap
from formation.templates.scope import Context, Scope
from formation.templates.syntax import Node, literal_string, name_of, trees
from formation.templates.values import to_bool, to_text

IGNORED_BLOCKS = frozenset({"terraform", "provider"})
UNSUPPORTED_BLOCKS = {
    "data": "data sources are not supported yet",
    "module": "modules are not supported yet",
    "moved": "moved blocks are not supported",
    "import": "import blocks are not supported",
    "removed": "removed blocks are not supported",
    "check": "check blocks are not supported yet",
}
TYPE_NAMES = frozenset(
    {"string", "number", "bool", "any", "list", "set", "map", "object", "tuple"}
)
VARIABLE_ARGUMENTS = frozenset(
    {"default", "type", "description", "sensitive", "nullable", "ephemeral"}
)
OUTPUT_ARGUMENTS = frozenset({"value", "description", "sensitive", "depends_on"})
RESOURCE_IGNORED = frozenset({"provider"})
RESOURCE_UNSUPPORTED = {
    "count": "count is not supported yet",
    "for_each": "for_each is not supported yet",
    "provisioner": "provisioners are not supported yet",
    "connection": "provisioners are not supported yet",
}


@dataclass(frozen=True)
class ResourceBlock:
    """A resource as declared, before its references are resolved."""

    address: str
    type_name: str
    arguments: Mapping[str, Node]
    depends_on: tuple[str, ...]


@dataclass
class Declarations:
    """Everything a template declares, in declaration order."""

    variables: dict[str, Variable] = field(default_factory=dict)
    locals: dict[str, Node] = field(default_factory=dict)
    resources: dict[str, ResourceBlock] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)


def declare(blocks: tuple[Block, ...]) -> Declarations:
    """Collect the declarations of ``blocks``.

    Raises :class:`TemplateError` ``RF.10011074`` for a malformed or unsupported
    block, or a name declared twice.
    """
    declared = Declarations()
    for block in blocks:
        if block.kind in IGNORED_BLOCKS:
            continue
        if block.kind in UNSUPPORTED_BLOCKS:
            raise invalid(block.describe(), UNSUPPORTED_BLOCKS[block.kind])
        reader = _READERS.get(block.kind)
        if reader is None:
            raise invalid(block.describe(), "unknown block type")
        reader(block, declared)
    return declared


def constant(node: Node, where: str) -> Any:
    """Evaluate an expression that may not refer to anything, such as a default."""
    usage = collect(node)
    if usage.variables or usage.locals or usage.resources:
        raise invalid(where, "references are not allowed here")
    try:
        return evaluate(node, Scope(Context({}, {}, None)))
    except ExpressionError as error:
        raise invalid(where, error) from error


def _labels(block: Block, count: int) -> None:
    if len(block.labels) != count:
        raise invalid(block.describe(), f"{block.kind} blocks take {count} label(s)")
    for label in block.labels:
        if not label.replace("-", "_").isidentifier():
            raise invalid(block.describe(), f'"{label}" is not a valid name')


def _only(block: Block, allowed: frozenset[str], where: str) -> None:
    for name in block.attributes:
        if name not in allowed:
            raise invalid(where, f'unexpected argument "{name}"')


def _read_variable(block: Block, declared: Declarations) -> None:
    _labels(block, 1)
    name, where = block.labels[0], block.describe()
    _only(block, VARIABLE_ARGUMENTS, where)
    if name in declared.variables:
        raise invalid(where, "variable declared twice")

    attributes = block.attributes
    required = "default" not in attributes
    declared.variables[name] = Variable(
        name=name,
        type_name=_type_name(attributes["type"], where)
        if "type" in attributes
        else "any",
        default=None if required else constant(attributes["default"], where),
        required=required,
        description=_text(attributes, "description", where),
        sensitive=_flag(attributes, "sensitive", where),
        validations=tuple(_validation(nested, where) for nested in block.blocks),
    )


def _type_name(node: Node, where: str) -> str:
    term = unwrap(node)
    if term.data == "function_call":
        term = trees(term)[0]
    name = ""
    if term.data == "identifier":
        name = name_of(term)
    elif term.data == "string":
        name = literal_string(term)
    if name not in TYPE_NAMES:
        raise invalid(where, f'unknown type "{name}"')
    return name


def _validation(block: Block, where: str) -> Validation:
    if block.kind != "validation" or "condition" not in block.attributes:
        raise invalid(where, f"unexpected {block.kind} block")
    message = _text(block.attributes, "error_message", where)
    return Validation(block.attributes["condition"], message or "invalid value")


def _read_locals(block: Block, declared: Declarations) -> None:
    _labels(block, 0)
    for name, node in block.attributes.items():
        if name in declared.locals:
            raise invalid(f"local.{name}", "local value declared twice")
        declared.locals[name] = node


def _read_resource(block: Block, declared: Declarations) -> None:
    _labels(block, 2)
    address = ".".join(block.labels)
    if address in declared.resources:
        raise invalid(address, "resource declared twice")
    for problem in (*block.attributes, *(nested.kind for nested in block.blocks)):
        if problem in RESOURCE_UNSUPPORTED:
            raise invalid(address, RESOURCE_UNSUPPORTED[problem])
    for nested in block.blocks:
        if nested.kind != "lifecycle":
            raise invalid(address, f"unexpected {nested.kind} block")

    arguments = dict(block.attributes)
    depends_on = _depends_on(arguments.pop("depends_on", None), address)
    for name in RESOURCE_IGNORED:
        arguments.pop(name, None)
    declared.resources[address] = ResourceBlock(
        address, block.labels[0], arguments, depends_on
    )


def _depends_on(node: Node | None, where: str) -> tuple[str, ...]:
    if node is None:
        return ()
    try:
        return tuple(dependency_addresses(node))
    except ExpressionError as error:
        raise invalid(where, error) from error


def _read_output(block: Block, declared: Declarations) -> None:
    _labels(block, 1)
    name, where = block.labels[0], block.describe()
    _only(block, OUTPUT_ARGUMENTS, where)
    if name in declared.outputs:
        raise invalid(where, "output declared twice")
    if "value" not in block.attributes:
        raise invalid(where, 'the "value" argument is required')

    declared.outputs[name] = Output(
        name=name,
        value=block.attributes["value"],
        description=_text(block.attributes, "description", where),
        sensitive=_flag(block.attributes, "sensitive", where),
        depends_on=_depends_on(block.attributes.get("depends_on"), where),
    )


def _text(attributes: Mapping[str, Node], name: str, where: str) -> str:
    value = _setting(attributes, name, where)
    try:
        return "" if value is None else to_text(value)
    except ExpressionError as error:
        raise invalid(f'{where}: argument "{name}"', error) from error


def _flag(attributes: Mapping[str, Node], name: str, where: str) -> bool:
    value = _setting(attributes, name, where)
    try:
        return False if value is None else to_bool(value)
    except ExpressionError as error:
        raise invalid(f'{where}: argument "{name}"', error) from error


def _setting(attributes: Mapping[str, Node], name: str, where: str) -> Any:
    if name not in attributes:
        return None
    return constant(attributes[name], f'{where}: argument "{name}"')


_READERS = {
    "variable": _read_variable,
    "locals": _read_locals,
    "resource": _read_resource,
    "output": _read_output,
}
