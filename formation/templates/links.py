"""Check the names every block uses and link the blocks into one graph.

Graph nodes are absolute: resources (``module.m.a.b``), data sources
(``data.a.b``), locals (``module.m.local.x``), the inputs of child modules
(``module.m.var.x``) and their outputs (``module.m.output.x``). Root variables
are known before anything runs, so they are not nodes.
"""

from collections.abc import Iterable, Mapping

from formation.templates import functions
from formation.templates.declarations import Declarations
from formation.templates.errors import ExpressionError, invalid
from formation.templates.model import Condition, Module
from formation.templates.references import Usage, collect
from formation.templates.resources import ResourceBlock
from formation.templates.syntax import Node

NOT_HERE = {
    "count": "count.index can only be used in a block that sets count",
    "each": "each.key and each.value can only be used in a block that sets for_each",
    "self": "self can only be used in provisioners and postconditions",
}


class Links:
    """The declarations of every module, with lookups across them."""

    def __init__(
        self, declared: Mapping[str, Declarations], modules: Mapping[str, Module]
    ) -> None:
        self.declared = declared
        self.modules = modules

    def passable(self, edges: Mapping[str, frozenset[str]]) -> frozenset[str]:
        """Return the graph nodes that are not resources or data sources."""
        return frozenset(node for node in edges if _kind(node) != "resource")

    def resource_order(self) -> list[str]:
        """Return every resource address, root module first, in declaration order."""
        order: list[str] = []
        pending = [""]
        while pending:
            prefix = pending.pop(0)
            order.extend(
                prefix + address for address in self.declared[prefix].resources
            )
            pending.extend(call.prefix for call in self.modules[prefix].calls.values())
        return order

    def inside(self, prefix: str) -> list[str]:
        """Return the resources of the module at ``prefix`` and of its children."""
        return [
            module + address
            for module, found in self.declared.items()
            if module.startswith(prefix)
            for address in found.resources
        ]


def _kind(node: str) -> str:
    """Return "local", "var", "output" or "resource" for a graph node."""
    parts = node.split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return parts[0] if parts[0] in ("local", "var", "output") else "resource"


def module_edges(links: Links) -> dict[str, frozenset[str]]:
    """Check every module's references; return the graph over all of them.

    Raises :class:`TemplateError` ``RF.10011074`` naming the block with an
    undeclared reference, an unknown function or a misplaced ``count``,
    ``each`` or ``self``.
    """
    edges: dict[str, frozenset[str]] = {}
    for prefix, found in links.declared.items():
        inherited = _inherited(links, prefix)
        for name, node in found.locals.items():
            where = f"{prefix}local.{name}"
            edges[where] = _targets(links, prefix, _plain_usage(where, [node]), where)
        for address, block in found.resources.items():
            edges[prefix + address] = _resource_edges(links, prefix, block) | inherited
        for output in found.outputs.values():
            where = f'{prefix}output "{output.name}"'
            nodes = [output.value, *_condition_nodes(output.preconditions)]
            usage = _plain_usage(where, nodes)
            usage.resources.update(output.depends_on)
            targets = _targets(links, prefix, usage, where)
            if prefix:
                edges[f"{prefix}output.{output.name}"] = targets
        _check_variables(links, prefix, found)
        edges.update(_call_edges(links, prefix, found))
    return edges


def _resource_edges(links: Links, prefix: str, block: ResourceBlock) -> frozenset[str]:
    where = prefix + block.address
    allowed = {"count"} if block.count is not None else set()
    allowed |= {"each"} if block.for_each is not None else set()
    meta = [node for node in (block.count, block.for_each) if node is not None]
    usage = _usage(where, meta)
    _specials(where, usage, set())

    lifecycle = block.lifecycle
    body = [
        *block.arguments.values(),
        *_condition_nodes(lifecycle.preconditions),
        *(node for _text, node in lifecycle.replace_triggered_by),
    ]
    usage = _usage(where, body, usage)
    _specials(where, usage, allowed)
    late = [*_condition_nodes(lifecycle.postconditions)]
    for provisioner in block.provisioners:
        late.extend(provisioner.arguments.values())
    usage = _usage(where, late, usage)
    _specials(where, usage, allowed | {"self"})
    usage.resources.update(block.depends_on)
    return _targets(links, prefix, usage, where)


def _condition_nodes(conditions: Iterable[Condition]) -> list[Node]:
    nodes: list[Node] = []
    for condition in conditions:
        nodes.append(condition.condition)
        if condition.error_message is not None:
            nodes.append(condition.error_message)
    return nodes


def _check_variables(links: Links, prefix: str, found: Declarations) -> None:
    for variable in found.variables.values():
        where = f'{prefix}variable "{variable.name}"'
        usage = _plain_usage(where, _condition_nodes(variable.validations))
        _targets(links, prefix, usage, where)


def _call_edges(
    links: Links, prefix: str, found: Declarations
) -> dict[str, frozenset[str]]:
    """Link each input of each child module to what its expression refers to."""
    edges: dict[str, frozenset[str]] = {}
    for name, call in found.calls.items():
        child = links.modules[f"{prefix}module.{name}."]
        where = f'{prefix}module "{name}"'
        for argument in sorted(call.arguments.keys() - child.variables.keys()):
            raise invalid(where, f'unexpected argument "{argument}": no such variable')
        for variable in child.variables.values():
            if variable.required and variable.name not in call.arguments:
                raise invalid(where, f'the argument "{variable.name}" is required')
        for variable_name in child.variables:
            node = call.arguments.get(variable_name)
            usage = Usage() if node is None else _plain_usage(where, [node])
            edges[f"{child.prefix}var.{variable_name}"] = _targets(
                links, prefix, usage, where
            )
    return edges


def _inherited(links: Links, prefix: str) -> frozenset[str]:
    """Return what the module calls leading to ``prefix`` list in depends_on."""
    targets: set[str] = set()
    current = prefix
    while current:
        module = links.modules[current]
        parent = module.parent or ""
        call = next(
            c for c in links.modules[parent].calls.values() if c.prefix == current
        )
        where = f'{parent}module "{call.name}"'
        usage = Usage(resources=set(call.depends_on))
        targets |= _targets(links, parent, usage, where)
        current = parent
    return frozenset(targets)


def _usage(where: str, nodes: Iterable[Node], usage: Usage | None = None) -> Usage:
    usage = usage if usage is not None else Usage()
    try:
        for node in nodes:
            collect(node, usage)
    except ExpressionError as error:
        raise invalid(where, error) from error
    return usage


def _plain_usage(where: str, nodes: Iterable[Node]) -> Usage:
    """Return the usage of expressions outside resources: no count, each or self."""
    usage = _usage(where, nodes)
    _specials(where, usage, set())
    return usage


def _specials(where: str, usage: Usage, allowed: set[str]) -> None:
    for name in sorted(usage.specials - allowed):
        raise invalid(where, NOT_HERE[name])


def _targets(links: Links, prefix: str, usage: Usage, where: str) -> frozenset[str]:
    """Check ``usage`` against the module at ``prefix``; return its graph targets."""
    found = links.declared[prefix]
    module = links.modules[prefix]
    for name in sorted(usage.variables - found.variables.keys()):
        raise invalid(where, f'reference to undeclared variable "{name}"')
    for name in sorted(usage.locals - found.locals.keys()):
        raise invalid(where, f'reference to undeclared local value "{name}"')
    for name in sorted(usage.functions):
        if not functions.known(name):
            raise invalid(where, f'call to unknown function "{name}"')

    targets = {f"{prefix}local.{name}" for name in usage.locals}
    if prefix:
        targets |= {f"{prefix}var.{name}" for name in usage.variables}
    for address in sorted(usage.resources):
        targets |= _resource_target(links, prefix, address, where)
    for name, output in sorted(usage.modules, key=str):
        targets |= _module_target(links, module, name, output, where)
    return frozenset(targets)


def _resource_target(links: Links, prefix: str, address: str, where: str) -> set[str]:
    if address.startswith("module."):
        name = address.removeprefix("module.")
        call = links.modules[prefix].calls.get(name)
        if call is None:
            raise invalid(where, f'reference to undeclared module "{name}"')
        return set(links.inside(call.prefix))
    if address not in links.declared[prefix].resources:
        what = "data source" if address.startswith("data.") else "resource"
        raise invalid(where, f'reference to undeclared {what} "{address}"')
    return {prefix + address}


def _module_target(
    links: Links, module: Module, name: str, output: str | None, where: str
) -> set[str]:
    call = module.calls.get(name)
    if call is None:
        raise invalid(where, f'reference to undeclared module "{name}"')
    outputs = [o.name for o in links.modules[call.prefix].outputs]
    if output is None:
        return {f"{call.prefix}output.{o}" for o in outputs}
    if output not in outputs:
        raise invalid(where, f'module "{name}" has no output "{output}"')
    return {f"{call.prefix}output.{output}"}
