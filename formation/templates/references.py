"""What an expression refers to: variables, locals, resources and functions.

The loader uses this to reject unknown names before anything runs and to order
resources by their dependencies.
"""

from dataclasses import dataclass, field

from lark import Tree

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
RESERVED_ROOTS = frozenset(
    {"var", "local", "path", "terraform", "count", "each", "self"}
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
SPECIAL_ATTRIBUTES = {"count": ("index",), "each": ("key", "value")}


@dataclass
class Usage:
    """The names one or more expressions refer to.

    ``resources`` holds resource and data source addresses (``a.b``,
    ``data.a.b``); ``modules`` holds (module name, output name or None);
    ``specials`` holds the roots ``count``, ``each`` and ``self`` when used.
    """

    variables: set[str] = field(default_factory=set)
    locals: set[str] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)
    modules: set[tuple[str, str | None]] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    specials: set[str] = field(default_factory=set)


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

    Raises :class:`ExpressionError` for names the language does not have
    (``count.x``, ``path.x``, a bare ``var``, ...).
    """
    usage = usage if usage is not None else Usage()
    _visit(node, frozenset(), usage)
    return usage


def dependency_addresses(node: Node) -> list[str]:
    """Return the addresses listed by ``depends_on`` or ``replace_triggered_by``.

    Entries are resources (``a.b``), data sources (``data.a.b``) or modules
    (``module.m``).
    """
    listing = unwrap(node)
    if listing.data != "tuple":
        raise ExpressionError("a list of resource references is expected")
    return [reference_address(item)[0] for item in trees(listing)]


def reference_address(node: Node) -> tuple[str, list[Node]]:
    """Return the address a reference starts with, and the steps after it."""
    root, steps = unroll(unwrap(node))
    names = [step_name(step) for step in steps]
    if root.data != "identifier" or not names or names[0] is None:
        raise ExpressionError("entries must be references such as random_id.a")
    kind = name_of(root)
    if kind == "module":
        return f"module.{names[0]}", steps[1:]
    if kind == "data":
        if len(names) < 2 or names[1] is None:
            raise ExpressionError("a data source reference is data.<type>.<name>")
        return f"data.{names[0]}.{names[1]}", steps[2:]
    if kind in RESERVED_ROOTS:
        raise ExpressionError(f'"{kind}" is not a resource')
    return f"{kind}.{names[0]}", steps[1:]


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
    elif data == "string":
        _visit_string(node, bound, usage)
    else:
        for child in trees(node):
            _visit(child, bound, usage)


def _visit_string(node: Node, bound: frozenset[str], usage: Usage) -> None:
    """Visit a string's parts; a ``%{for}`` binds its names until ``%{endfor}``."""
    scopes = [bound]
    for part in trees(node):
        inner = part.children[0]
        if not isinstance(inner, Tree):
            continue
        if inner.data == "template_for_start":
            *names, collection = trees(inner)
            _visit(collection, scopes[-1], usage)
            scopes.append(scopes[-1] | {name_of(name) for name in names})
        elif inner.data == "template_endfor" and len(scopes) > 1:
            scopes.pop()
        elif inner.data in DIRECTIVES:
            for child in trees(inner):
                _visit(child, scopes[-1], usage)
        else:
            _visit(inner, scopes[-1], usage)


def _visit_traversal(node: Node, bound: frozenset[str], usage: Usage) -> None:
    root, steps = unroll(node)
    for step in steps:
        _visit_step(step, bound, usage)
    if root.data != "identifier":
        _visit(root, bound, usage)
        return
    name = name_of(root)
    if name not in bound:
        _record(name, [step_name(step) for step in steps], usage)


def _visit_step(step: Node, bound: frozenset[str], usage: Usage) -> None:
    if step.data == "braces_index":
        _visit(only_tree(step), bound, usage)
    elif step.data in SPLATS:
        for inner in trees(step):
            _visit_step(inner, bound, usage)


def _record(name: str, names: list[str | None], usage: Usage) -> None:
    first = names[0] if names else None
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
    elif name in SPECIAL_ATTRIBUTES:
        if first not in SPECIAL_ATTRIBUTES[name]:
            allowed = " and ".join(f"{name}.{a}" for a in SPECIAL_ATTRIBUTES[name])
            raise ExpressionError(f"only {allowed} can be used")
        usage.specials.add(name)
    elif name == "self":
        usage.specials.add(name)
    elif name == "module":
        if first is None:
            raise ExpressionError('"module" must be followed by a module name')
        usage.modules.add((first, names[1] if len(names) > 1 else None))
    elif name == "data":
        if len(names) < 2 or first is None or names[1] is None:
            raise ExpressionError("a data source reference is data.<type>.<name>")
        usage.resources.add(f"data.{first}.{names[1]}")
    elif name not in ("path", "terraform"):
        if first is None:
            raise ExpressionError(f'unknown name "{name}"')
        usage.resources.add(f"{name}.{first}")


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


def reference_text(node: Node) -> str:
    """Return a reference written back as text: ``random_id.a[count.index].hex``."""
    root, steps = unroll(unwrap(node))
    if root.data != "identifier":
        raise ExpressionError("a reference such as random_id.a is expected")
    parts = [name_of(root)]
    for step in steps:
        name = step_name(step)
        if name is not None:
            parts.append(f".{name}")
        elif step.data == "short_index":
            parts.append(f"[{tokens(step)[-1]}]")
        elif step.data == "braces_index":
            parts.append(f"[{_index_text(only_tree(step))}]")
        else:
            parts.append("[*]")
    return "".join(parts)


def _index_text(node: Node) -> str:
    term = unwrap(node)
    if term.data == "int_lit":
        return str(term.children[0])
    if term.data == "string" and all(
        not isinstance(part.children[0], Tree) for part in trees(term)
    ):
        return '"' + "".join(str(part.children[0]) for part in trees(term)) + '"'
    if term.data in TRAVERSALS or term.data == "identifier":
        return reference_text(term)
    return "..."
