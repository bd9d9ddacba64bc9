"""Read ``resource``, ``data`` and ``module`` blocks and their meta-arguments.

Meta-arguments (``count``, ``for_each``, ``depends_on``, ``provider``,
``lifecycle``, ``provisioner``) are taken out of the arguments here, so what
is left is what the provider receives.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from formation.templates.constants import flag, keyword
from formation.templates.document import Block
from formation.templates.errors import ExpressionError, invalid
from formation.templates.model import Condition, LifecycleSpec, ProvisionerSpec
from formation.templates.references import (
    dependency_addresses,
    reference_text,
    unroll,
    unwrap,
)
from formation.templates.syntax import Node, literal_string, name_of, trees

IGNORED_ARGUMENTS = frozenset({"provider"})
PROVISIONER_ARGUMENTS = frozenset(
    {"command", "interpreter", "environment", "working_dir", "quiet"}
)
PROVISIONER_SETTINGS = {
    "when": ("create", "destroy"),
    "on_failure": ("fail", "continue"),
}
LIFECYCLE_ARGUMENTS = frozenset(
    {
        "create_before_destroy",
        "prevent_destroy",
        "ignore_changes",
        "replace_triggered_by",
    }
)
MODULE_META = frozenset({"source", "version", "count", "for_each", "depends_on"})


@dataclass(frozen=True)
class ResourceBlock:
    """A resource or data source as declared, before references are resolved.

    ``address`` is local to its module: ``type.name`` or ``data.type.name``.
    """

    address: str
    type_name: str
    name: str
    mode: str
    arguments: Mapping[str, Node]
    depends_on: tuple[str, ...]
    count: Node | None
    for_each: Node | None
    lifecycle: LifecycleSpec
    provisioners: tuple[ProvisionerSpec, ...]


@dataclass(frozen=True)
class ModuleCallBlock:
    """A module block as declared."""

    name: str
    source: str
    arguments: Mapping[str, Node]
    depends_on: tuple[str, ...]


def check_labels(block: Block, count: int) -> None:
    """Refuse a block without exactly ``count`` labels, or with a bad name."""
    if len(block.labels) != count:
        raise invalid(block.describe(), f"{block.kind} blocks take {count} label(s)")
    for label in block.labels:
        if not label.replace("-", "_").isidentifier():
            raise invalid(block.describe(), f'"{label}" is not a valid name')


def read_resource(block: Block, mode: str) -> ResourceBlock:
    """Read a ``resource`` (mode "managed") or ``data`` (mode "data") block."""
    check_labels(block, 2)
    type_name, name = block.labels
    address = f"{type_name}.{name}" if mode == "managed" else f"data.{type_name}.{name}"
    arguments = dict(block.attributes)
    count, for_each = arguments.pop("count", None), arguments.pop("for_each", None)
    if count is not None and for_each is not None:
        raise invalid(address, "count and for_each cannot both be set")
    needs = depends_on(arguments.pop("depends_on", None), address)
    for ignored in IGNORED_ARGUMENTS:
        arguments.pop(ignored, None)

    lifecycle, provisioners = LifecycleSpec(), []
    for nested in block.blocks:
        if nested.kind == "lifecycle":
            lifecycle = _lifecycle(nested, address, mode)
        elif nested.kind == "provisioner" and mode == "managed":
            provisioners.append(_provisioner(nested, address))
        elif nested.kind != "connection" or mode != "managed":
            raise invalid(address, f"unexpected {nested.kind} block")
    return ResourceBlock(
        address,
        type_name,
        name,
        mode,
        arguments,
        needs,
        count,
        for_each,
        lifecycle,
        tuple(provisioners),
    )


def depends_on(node: Node | None, where: str) -> tuple[str, ...]:
    """Return the addresses a ``depends_on`` argument lists."""
    if node is None:
        return ()
    try:
        return tuple(dependency_addresses(node))
    except ExpressionError as error:
        raise invalid(f'{where}: argument "depends_on"', error) from error


def conditions(
    blocks: tuple[Block, ...], kind: str, where: str
) -> tuple[Condition, ...]:
    """Return the ``kind`` blocks (validation, precondition...) among ``blocks``."""
    found: list[Condition] = []
    for block in blocks:
        if block.kind != kind:
            continue
        if "condition" not in block.attributes:
            raise invalid(where, f'a {kind} block needs a "condition"')
        found.append(
            Condition(
                block.attributes["condition"], block.attributes.get("error_message")
            )
        )
    return tuple(found)


def _lifecycle(block: Block, address: str, mode: str) -> LifecycleSpec:
    where = f"{address}: lifecycle"
    attributes = block.attributes
    if mode == "data" and attributes:
        raise invalid(where, "a data source's lifecycle takes only conditions")
    for name in attributes:
        if name not in LIFECYCLE_ARGUMENTS:
            raise invalid(where, f'unexpected argument "{name}"')
    for nested in block.blocks:
        if nested.kind not in ("precondition", "postcondition"):
            raise invalid(where, f"unexpected {nested.kind} block")
    triggers = attributes.get("replace_triggered_by")
    return LifecycleSpec(
        create_before_destroy=flag(attributes, "create_before_destroy", where),
        prevent_destroy=flag(attributes, "prevent_destroy", where),
        ignore_changes=_ignore_changes(attributes.get("ignore_changes"), where),
        replace_triggered_by=() if triggers is None else _triggers(triggers, where),
        preconditions=conditions(block.blocks, "precondition", where),
        postconditions=conditions(block.blocks, "postcondition", where),
    )


def _ignore_changes(node: Node | None, where: str) -> frozenset[str] | Literal["all"]:
    """Return the top-level argument names listed, or "all"."""
    if node is None:
        return frozenset()
    term = unwrap(node)
    if term.data == "identifier" and name_of(term) == "all":
        return "all"
    if term.data != "tuple":
        raise invalid(
            f"{where}: ignore_changes", 'a list of arguments or "all" is expected'
        )
    names: set[str] = set()
    for item in trees(term):
        names.add(_argument_name(item, where))
    return frozenset(names)


def _argument_name(item: Node, where: str) -> str:
    term = unwrap(item)
    if term.data == "string":
        # Terraform 0.11 quoted the names; it still accepts them.
        return literal_string(term).split(".")[0].split("[")[0]
    root, _steps = unroll(term)
    if root.data != "identifier":
        raise invalid(f"{where}: ignore_changes", "entries must be argument names")
    return name_of(root)


def _triggers(node: Node, where: str) -> tuple[tuple[str, Node], ...]:
    listing = unwrap(node)
    if listing.data != "tuple":
        raise invalid(
            f"{where}: replace_triggered_by", "a list of references is expected"
        )
    try:
        return tuple((reference_text(item), item) for item in trees(listing))
    except ExpressionError as error:
        raise invalid(f"{where}: replace_triggered_by", error) from error


def _provisioner(block: Block, address: str) -> ProvisionerSpec:
    where = f'{address}: provisioner "{"".join(block.labels)}"'
    check_labels(block, 1)
    kind = block.labels[0]
    if kind != "local-exec":
        raise invalid(where, "only local-exec provisioners are supported")
    arguments = dict(block.attributes)
    settings = {
        name: keyword(arguments.pop(name), f"{where}: {name}")
        if name in arguments
        else choices[0]
        for name, choices in PROVISIONER_SETTINGS.items()
    }
    for name, choices in PROVISIONER_SETTINGS.items():
        if settings[name] not in choices:
            allowed = " or ".join(choices)
            raise invalid(f"{where}: {name}", f"must be {allowed}")
    for name in arguments:
        if name not in PROVISIONER_ARGUMENTS:
            raise invalid(where, f'unexpected argument "{name}"')
    if "command" not in arguments:
        raise invalid(where, 'the "command" argument is required')
    return ProvisionerSpec(kind, settings["when"], settings["on_failure"], arguments)


def read_module_call(block: Block) -> ModuleCallBlock:
    """Read a ``module`` block: only local sources, no count or for_each yet."""
    check_labels(block, 1)
    name, where = block.labels[0], block.describe()
    arguments = dict(block.attributes)
    if "source" not in arguments:
        raise invalid(where, 'the "source" argument is required')
    for unsupported in ("count", "for_each", "version"):
        if unsupported in arguments:
            raise invalid(where, f'"{unsupported}" on a module is not supported')
    source_node = unwrap(arguments.pop("source"))
    try:
        source = literal_string(source_node) if source_node.data == "string" else ""
    except ExpressionError as error:
        raise invalid(f'{where}: argument "source"', error) from error
    if not source.startswith(("./", "../")):
        message = 'only local modules are supported: source must start with "./"'
        raise invalid(f'{where}: argument "source"', message)
    needs = depends_on(arguments.pop("depends_on", None), where)
    arguments.pop("providers", None)
    if block.blocks:
        raise invalid(where, f"unexpected {block.blocks[0].kind} block")
    return ModuleCallBlock(name, source, arguments, needs)
