"""Load a template: parse it, check every name it uses, order its resources."""

from collections.abc import Collection, Iterable

from formation.templates import functions
from formation.templates.declarations import Declarations, declare
from formation.templates.document import blocks_from_hcl
from formation.templates.errors import (
    INVALID,
    NOT_UTF8,
    ExpressionError,
    TemplateError,
    invalid,
)
from formation.templates.graph import find_cycle, reach_through, topological_order
from formation.templates.model import Resource, Template
from formation.templates.references import Usage, collect
from formation.templates.syntax import Node
from formation.templates.tfjson import blocks_from_json


def load_template(text: str | bytes, *, known_types: Collection[str]) -> Template:
    """Parse and check a template in HCL or ``.tf.json`` syntax.

    JSON is recognised by a ``{`` as the first non-blank character. Raises
    :class:`TemplateError`: ``RF.10011085`` for bytes that are not UTF-8,
    ``RF.10011073`` for text that does not parse, ``RF.10011074`` for an unknown
    reference, function or resource type, a cycle or an unsupported feature.
    Pure: no side effects.
    """
    source = decode(text)
    is_json = source.lstrip().startswith("{")
    blocks = blocks_from_json(source) if is_json else blocks_from_hcl(source)
    declared = declare(blocks)

    _check_types(declared, known_types)
    edges = _check_references(declared)
    cycle = find_cycle(edges)
    if cycle:
        raise TemplateError(INVALID, _cycle_message(cycle))
    return _build(declared, edges)


def decode(text: str | bytes) -> str:
    """Return template text as ``str``, refusing bytes that are not UTF-8."""
    if isinstance(text, str):
        return text.removeprefix("\ufeff")
    try:
        return text.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        message = f"template is not UTF-8 text (byte {error.start} is invalid)"
        raise TemplateError(NOT_UTF8, message) from error


def _check_types(declared: Declarations, known_types: Collection[str]) -> None:
    for address, resource in declared.resources.items():
        if resource.type_name not in known_types:
            raise invalid(address, f'unknown resource type "{resource.type_name}"')


def _check_references(declared: Declarations) -> dict[str, frozenset[str]]:
    """Check every name each block uses; return the graph of locals and resources."""
    edges: dict[str, frozenset[str]] = {}
    for name, node in declared.locals.items():
        where = f"local.{name}"
        edges[where] = _targets(_checked(where, _usage(where, [node]), declared))
    for address, resource in declared.resources.items():
        usage = _usage(address, resource.arguments.values())
        usage.resources.update(resource.depends_on)
        edges[address] = _targets(_checked(address, usage, declared))
    for output in declared.outputs.values():
        where = f'output "{output.name}"'
        usage = _usage(where, [output.value])
        usage.resources.update(output.depends_on)
        _checked(where, usage, declared)
    for variable in declared.variables.values():
        where = f'variable "{variable.name}"'
        conditions = [check.condition for check in variable.validations]
        _checked(where, _usage(where, conditions), declared)
    return edges


def _usage(where: str, nodes: Iterable[Node]) -> Usage:
    usage = Usage()
    try:
        for node in nodes:
            collect(node, usage)
    except ExpressionError as error:
        raise invalid(where, error) from error
    return usage


def _checked(where: str, usage: Usage, declared: Declarations) -> Usage:
    """Return ``usage`` after making sure everything it names is declared."""
    for name in sorted(usage.variables - declared.variables.keys()):
        raise invalid(where, f'reference to undeclared variable "{name}"')
    for name in sorted(usage.locals - declared.locals.keys()):
        raise invalid(where, f'reference to undeclared local value "{name}"')
    for address in sorted(usage.resources - declared.resources.keys()):
        raise invalid(where, f'reference to undeclared resource "{address}"')
    for name in sorted(usage.functions):
        if not functions.known(name):
            raise invalid(where, f'call to unknown function "{name}"')
    return usage


def _targets(usage: Usage) -> frozenset[str]:
    locals_used = {f"local.{name}" for name in usage.locals}
    return frozenset(usage.resources | locals_used)


def _cycle_message(cycle: list[str]) -> str:
    return "dependency cycle: " + " -> ".join([*cycle, cycle[0]])


def _build(declared: Declarations, edges: dict[str, frozenset[str]]) -> Template:
    passable = frozenset(name for name in edges if name.startswith("local."))
    resources = {
        address: Resource(
            address=address,
            type_name=block.type_name,
            arguments=block.arguments,
            dependencies=reach_through(edges, address, passable),
        )
        for address, block in declared.resources.items()
    }
    dependencies = {address: r.dependencies for address, r in resources.items()}
    return Template(
        addresses=topological_order(list(resources), dependencies),
        resources=resources,
        variables=dict(declared.variables),
        locals=dict(declared.locals),
        outputs=tuple(declared.outputs.values()),
    )
