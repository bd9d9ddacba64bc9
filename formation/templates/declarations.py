"""Read the declarations (variables, locals, resources, outputs) out of blocks.

Everything that can be said about one block alone is checked here; checks
across blocks (references, cycles, resource types) are the loader's. The
blocks of one module may come from several files.
"""

from dataclasses import dataclass, field

from formation.templates.constants import constant, flag, text_setting
from formation.templates.document import Block
from formation.templates.errors import ExpressionError, invalid
from formation.templates.model import Condition, Output, Variable
from formation.templates.resources import (
    ModuleCallBlock,
    ResourceBlock,
    check_labels,
    conditions,
    depends_on,
    read_module_call,
    read_resource,
)
from formation.templates.syntax import Node
from formation.templates.types import ANY, convert, parse_type

IGNORED_BLOCKS = frozenset({"terraform", "provider"})
UNSUPPORTED_BLOCKS = {
    "moved": "moved blocks are not supported",
    "import": "import blocks are not supported",
    "removed": "removed blocks are not supported",
    "check": "check blocks are not supported",
}
VARIABLE_ARGUMENTS = frozenset(
    {"default", "type", "description", "sensitive", "nullable", "ephemeral"}
)
OUTPUT_ARGUMENTS = frozenset(
    {"value", "description", "sensitive", "depends_on", "ephemeral"}
)


@dataclass
class Declarations:
    """Everything one module declares, in declaration order."""

    variables: dict[str, Variable] = field(default_factory=dict)
    locals: dict[str, Node] = field(default_factory=dict)
    resources: dict[str, ResourceBlock] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    calls: dict[str, ModuleCallBlock] = field(default_factory=dict)


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


def _only(block: Block, allowed: frozenset[str], where: str) -> None:
    for name in block.attributes:
        if name not in allowed:
            raise invalid(where, f'unexpected argument "{name}"')


def _read_variable(block: Block, declared: Declarations) -> None:
    check_labels(block, 1)
    name, where = block.labels[0], block.describe()
    _only(block, VARIABLE_ARGUMENTS, where)
    if name in declared.variables:
        raise invalid(where, "variable declared twice")

    attributes = block.attributes
    kind = ANY
    if "type" in attributes:
        try:
            kind = parse_type(attributes["type"], lambda node: constant(node, where))
        except ExpressionError as error:
            raise invalid(f'{where}: argument "type"', error) from error
    required = "default" not in attributes
    default = None if required else constant(attributes["default"], where)
    try:
        default = convert(default, kind)
    except ExpressionError as error:
        raise invalid(f"{where}: the default does not fit the type", error) from error

    declared.variables[name] = Variable(
        name=name,
        type=kind,
        default=default,
        required=required,
        description=text_setting(attributes, "description", where),
        sensitive=flag(attributes, "sensitive", where),
        validations=_validations(block, where),
        nullable=flag(attributes, "nullable", where, default=True),
    )


def _validations(block: Block, where: str) -> tuple[Condition, ...]:
    for nested in block.blocks:
        if nested.kind != "validation":
            raise invalid(where, f"unexpected {nested.kind} block")
    return conditions(block.blocks, "validation", where)


def _read_locals(block: Block, declared: Declarations) -> None:
    check_labels(block, 0)
    for name, node in block.attributes.items():
        if name in declared.locals:
            raise invalid(f"local.{name}", "local value declared twice")
        declared.locals[name] = node


def _read_resource(block: Block, declared: Declarations) -> None:
    resource = read_resource(block, "managed" if block.kind == "resource" else "data")
    if resource.address in declared.resources:
        what = "resource" if resource.mode == "managed" else "data source"
        raise invalid(resource.address, f"{what} declared twice")
    declared.resources[resource.address] = resource


def _read_module(block: Block, declared: Declarations) -> None:
    call = read_module_call(block)
    if call.name in declared.calls:
        raise invalid(block.describe(), "module declared twice")
    declared.calls[call.name] = call


def _read_output(block: Block, declared: Declarations) -> None:
    check_labels(block, 1)
    name, where = block.labels[0], block.describe()
    _only(block, OUTPUT_ARGUMENTS, where)
    if name in declared.outputs:
        raise invalid(where, "output declared twice")
    if "value" not in block.attributes:
        raise invalid(where, 'the "value" argument is required')
    for nested in block.blocks:
        if nested.kind != "precondition":
            raise invalid(where, f"unexpected {nested.kind} block")

    declared.outputs[name] = Output(
        name=name,
        value=block.attributes["value"],
        description=text_setting(block.attributes, "description", where),
        sensitive=flag(block.attributes, "sensitive", where),
        depends_on=depends_on(block.attributes.get("depends_on"), where),
        preconditions=conditions(block.blocks, "precondition", where),
    )


_READERS = {
    "variable": _read_variable,
    "locals": _read_locals,
    "resource": _read_resource,
    "data": _read_resource,
    "module": _read_module,
    "output": _read_output,
}
