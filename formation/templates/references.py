"""What an expression refers to: variables, locals, resources and functions.

The loader uses this to reject unknown names before anything runs and to order
resources by their dependencies.
"""

from dataclasses import dataclass, field

from formation.templates.errors import ExpressionError
from formation.templates.syntax import Node, name_of, only_tree, tokens, trees

TRAVERSALS = frozenset(
    {
        "get_attr_expr_term",
        "index_expr_term",
        "attr_splat_expr_term",
        "full_splat_expr_term",
    }
)
SPLATS = frozenset({"full_splat", "attr_splat"})
FOR_EXPRESSIONS = frozenset({"for_tuple_expr", "for_object_expr"})
DIRECTIVES = frozenset(
    {
        "template_if_start",
        "template_else",
        "template_endif",
        "template_for_start",
        "template_endfor",
        "template_string",
    }
)
PATH_ATTRIBUTES = frozenset({"module", "root", "cwd"})
UNSUPPORTED_ROOTS = {
    "count": "count is not supported yet",
    "each": "for_each is not supported yet",
    "self": "self is only meaningful in provisioners, which are not supported yet",
    "data": "data sources are not supported yet",
    "module": "modules are not supported yet",
}


@dataclass
class Usage:
    """The names one or more expressions refer to."""

    variables: set[str] = field(default_factory=set)
    locals: set[str] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)


def unroll(node: Node) -> tuple[Node, list[Node]]:
    """Split a traversal such as ``a.b[0].c`` into its root and its steps.

    Steps are ``get_attr``, ``braces_index``, ``short_index``, ``full_splat`` or
    ``attr_splat`` nodes, outermost last.
    """
    steps: list[Node] = []
    while node.data in TRAVERSALS:
        inner, step = trees(node)
        steps.append(step)
        node = unwrap(inner)
    steps.reverse()
    return node, steps


def unwrap(node: Node) -> Node:
    """Return the term inside an ``expr_term`` that is not parenthesised."""
    if node.data == "expr_term" and not tokens(node):
        return unwrap(only_tree(node))
    return node


def step_name(step: Node) -> str | None:
    """Return the attribute name of a ``get_attr`` step, else None."""
    return name_of(only_tree(step)) if step.data == "get_attr" else None


def collect(node: Node, usage: Usage | None = None) -> Usage:
    """Return what ``node`` refers to, added to ``usage`` when given.

    Raises :class:`ExpressionError` for names and syntax the engine does not
    support (``count.index``, ``data.x``, template directives, ...).
    """
    usage = usage if usage is not None else Usage()
    _visit(node, frozenset(), usage)
    return usage


def dependency_addresses(node: Node) -> list[str]:
    """Return the resource addresses listed by a ``depends_on`` expression."""
    listing = unwrap(node)
    if listing.data != "tuple":
        raise ExpressionError("depends_on must be a list of resource references")
    addresses: list[str] = []
    for item in trees(listing):
        root, steps = unroll(unwrap(item))
        first = step_name(steps[0]) if len(steps) == 1 else None
        if root.data != "identifier" or first is None:
            raise ExpressionError("depends_on entries must be resource references")
        addresses.append(_resource_address(name_of(root), first))
    return addresses


def _visit(node: Node, bound: frozenset[str], usage: Usage) -> None:
    data = node.data
    if data in TRAVERSALS or data == "identifier":
        _visit_traversal(node, bound, usage)
    elif data == "function_call":
        _visit_function(node, bound, usage)
    elif data in FOR_EXPRESSIONS:
        _visit_for(node, bound, usage)
    elif data == "object_elem_key":
        if unwrap(only_tree(node)).data not in ("identifier", "keyword"):
            _visit(only_tree(node), bound, usage)
    elif data in DIRECTIVES:
        raise ExpressionError("template directives (%{...}) are not supported yet")
    else:
        for child in trees(node):
            _visit(child, bound, usage)


def _visit_traversal(node: Node, bound: frozenset[str], usage: Usage) -> None:
    root, steps = unroll(node)
    for step in steps:
        _visit_step(step, bound, usage)
    if root.data != "identifier":
        _visit(root, bound, usage)
        return
    name = name_of(root)
    if name not in bound:
        _record(name, step_name(steps[0]) if steps else None, usage)


def _visit_step(step: Node, bound: frozenset[str], usage: Usage) -> None:
    if step.data == "braces_index":
        _visit(only_tree(step), bound, usage)
    elif step.data in SPLATS:
        for inner in trees(step):
            _visit_step(inner, bound, usage)


def _record(name: str, first: str | None, usage: Usage) -> None:
    if name in UNSUPPORTED_ROOTS:
        raise ExpressionError(UNSUPPORTED_ROOTS[name])
    if name in ("var", "local") and first is None:
        raise ExpressionError(f'"{name}" must be followed by a name, as in {name}.x')
    if name == "var":
        usage.variables.add(str(first))
    elif name == "local":
        usage.locals.add(str(first))
    elif name == "path" and first not in PATH_ATTRIBUTES:
        raise ExpressionError('path supports only "module", "root" and "cwd"')
    elif name == "terraform" and first != "workspace":
        raise ExpressionError('terraform supports only "workspace"')
    elif name not in ("path", "terraform"):
        if first is None:
            raise ExpressionError(f'unknown name "{name}"')
        usage.resources.add(_resource_address(name, first))


def _resource_address(kind: str, name: str) -> str:
    if kind in UNSUPPORTED_ROOTS:
        raise ExpressionError(UNSUPPORTED_ROOTS[kind])
    return f"{kind}.{name}"


def _visit_function(node: Node, bound: frozenset[str], usage: Usage) -> None:
    if any(token.type == "COLONS" for token in tokens(node)):
        raise ExpressionError("provider functions are not supported")
    name, *arguments = trees(node)
    usage.functions.add(name_of(name))
    for argument in arguments:
        _visit(argument, bound, usage)


def _visit_for(node: Node, bound: frozenset[str], usage: Usage) -> None:
    intro, *parts = trees(node)
    *names, collection = trees(intro)
    _visit(collection, bound, usage)
    inner = bound | {name_of(name) for name in names}
    for part in parts:
        _visit(part, inner, usage)
