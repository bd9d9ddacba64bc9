"""Evaluate an expression tree by walking it; nothing is ever passed to eval()."""

from collections.abc import Callable, Iterator
from typing import Any

from lark import Token

from formation.templates import functions
from formation.templates.errors import ExpressionError
from formation.templates.operators import binary, unary
from formation.templates.references import SPLATS, TRAVERSALS, step_name, unroll
from formation.templates.scope import WORKSPACE_NAME, WORKSPACE_PATH, Scope
from formation.templates.syntax import (
    Node,
    literal_text,
    name_of,
    only_tree,
    tokens,
    trees,
)
from formation.templates.values import (
    get_attribute,
    get_index,
    normalize,
    splat_items,
    to_bool,
    to_text,
)

LITERALS = {"true": True, "false": False, "null": None}


def evaluate(node: Node, scope: Scope) -> Any:
    """Return the value of expression ``node`` in ``scope``.

    Raises :class:`ExpressionError` when the expression is invalid for these
    values, and :class:`NeedsState` when it reads a resource and the scope has
    no resource state.
    """
    if node.data in TRAVERSALS or node.data == "identifier":
        return _traversal(node, scope)
    handler = _HANDLERS.get(node.data)
    if handler is None:
        raise ExpressionError(f"{node.data} expressions are not supported")
    return handler(node, scope)


def _term(node: Node, scope: Scope) -> Any:
    return evaluate(only_tree(node), scope)


def _number(node: Node, scope: Scope) -> Any:
    text = str(node.children[0])
    return int(text) if node.data == "int_lit" else normalize(float(text))


def _literal(node: Node, scope: Scope) -> Any:
    return LITERALS[str(node.children[0])]


def _string(node: Node, scope: Scope) -> Any:
    pieces = [_piece(part) for part in trees(node)]
    # "${x}" alone yields x itself, not its text: Terraform keeps lists,
    # numbers and objects intact through a lone interpolation.
    if len(pieces) == 1 and not isinstance(pieces[0], str):
        return _interpolation(pieces[0], scope)
    texts = (
        piece if isinstance(piece, str) else to_text(_interpolation(piece, scope))
        for piece in pieces
    )
    return "".join(texts)


def _piece(part: Node) -> str | Node:
    """Return a literal part of a string as text, anything else as its node."""
    child = part.children[0]
    return literal_text(child) if isinstance(child, Token) else child


def _interpolation(node: Node, scope: Scope) -> Any:
    if node.data != "interpolation":
        raise ExpressionError("template directives (%{...}) are not supported yet")
    return evaluate(only_tree(node), scope)


def _tuple(node: Node, scope: Scope) -> Any:
    return [evaluate(item, scope) for item in trees(node)]


def _object(node: Node, scope: Scope) -> Any:
    result: dict[str, Any] = {}
    for element in trees(node):
        key_node, value_node = trees(element)
        key = _object_key(only_tree(key_node), scope)
        if key in result:
            raise ExpressionError(f'object key "{key}" is set twice')
        result[key] = evaluate(value_node, scope)
    return result


def _object_key(node: Node, scope: Scope) -> str:
    term = node
    while term.data == "expr_term" and not tokens(term):
        term = only_tree(term)
    if term.data in ("identifier", "keyword"):
        return name_of(term)
    return to_text(evaluate(node, scope))


def _function_call(node: Node, scope: Scope) -> Any:
    name, *rest = trees(node)
    arguments: list[Any] = []
    if rest:
        arguments = [evaluate(argument, scope) for argument in trees(rest[0])]
        if any(token.type == "ELLIPSIS" for token in tokens(rest[0])):
            arguments = _expand_last(arguments)
    return functions.call(name_of(name), arguments)


def _expand_last(arguments: list[Any]) -> list[Any]:
    *leading, last = arguments
    if not isinstance(last, list):
        raise ExpressionError("only a list can be expanded with ...")
    return [*leading, *last]


def _binary_op(node: Node, scope: Scope) -> Any:
    left, term = trees(node)
    operator_node, right = trees(term)
    kind = tokens(operator_node)[0].type
    return binary(kind, evaluate(left, scope), evaluate(right, scope))


def _unary_op(node: Node, scope: Scope) -> Any:
    kind = tokens(node)[0].type
    return unary(kind, evaluate(only_tree(node), scope))


def _conditional(node: Node, scope: Scope) -> Any:
    condition, when_true, when_false = trees(node)
    chosen = when_true if to_bool(evaluate(condition, scope)) else when_false
    return evaluate(chosen, scope)


def _for_tuple(node: Node, scope: Scope) -> Any:
    intro, value, *condition = trees(node)
    return [evaluate(value, inner) for inner in _iterations(intro, condition, scope)]


def _for_object(node: Node, scope: Scope) -> Any:
    intro, key_node, value_node, *condition = trees(node)
    grouped = any(token.type == "ELLIPSIS" for token in tokens(node))
    result: dict[str, Any] = {}
    for inner in _iterations(intro, condition, scope):
        key = to_text(evaluate(key_node, inner))
        value = evaluate(value_node, inner)
        if grouped:
            result.setdefault(key, []).append(value)
        elif key in result:
            raise ExpressionError(f'the for expression produces key "{key}" twice')
        else:
            result[key] = value
    return result


def _iterations(intro: Node, condition: list[Node], scope: Scope) -> Iterator[Scope]:
    """Yield one scope per element of the collection that passes the condition."""
    *names, collection_node = trees(intro)
    collection = evaluate(collection_node, scope)
    if isinstance(collection, dict):
        pairs = sorted(collection.items())
    elif isinstance(collection, list):
        pairs = list(enumerate(collection))
    else:
        raise ExpressionError("a for expression needs a list or a map")

    labels = [name_of(name) for name in names]
    for key, value in pairs:
        if len(labels) == 1:
            inner = scope.bind({labels[0]: value})
        else:
            inner = scope.bind({labels[0]: key, labels[1]: value})
        if not condition or to_bool(evaluate(only_tree(condition[0]), inner)):
            yield inner


def _traversal(node: Node, scope: Scope) -> Any:
    root, steps = unroll(node)
    value, described, steps = _root(root, steps, scope)
    return _apply(value, steps, described, scope)


def _root(root: Node, steps: list[Node], scope: Scope) -> tuple[Any, str, list[Node]]:
    """Resolve the start of a traversal; return its value, name and the steps left."""
    if root.data != "identifier":
        return evaluate(root, scope), "value", steps
    name = name_of(root)
    if name in scope.names:
        return scope.names[name], name, steps

    first = step_name(steps[0]) if steps else None
    if first is None:
        raise ExpressionError(f'"{name}" cannot be used on its own')
    described = f"{name}.{first}"
    context = scope.context
    if name == "var":
        return context.variable(first), described, steps[1:]
    if name == "local":
        return _local(first, scope), described, steps[1:]
    if name == "path":
        return WORKSPACE_PATH, described, steps[1:]
    if name == "terraform":
        return WORKSPACE_NAME, described, steps[1:]
    return dict(context.resource(described)), described, steps[1:]


def _local(name: str, scope: Scope) -> Any:
    context = scope.context
    if name not in context.local_values:
        if name not in context.locals:
            raise ExpressionError(f'local value "{name}" is not declared')
        try:
            value = evaluate(context.locals[name], Scope(context))
        except ExpressionError as error:
            raise ExpressionError(f"local.{name}: {error}") from error
        context.local_values[name] = value
    return context.local_values[name]


def _apply(value: Any, steps: list[Node], described: str, scope: Scope) -> Any:
    for position, step in enumerate(steps):
        if step.data in SPLATS:
            rest = trees(step) + steps[position + 1 :]
            return [
                _apply(item, rest, f"{described}[*]", scope)
                for item in splat_items(value)
            ]
        value, described = _step(value, step, described, scope)
    return value


def _step(value: Any, step: Node, described: str, scope: Scope) -> tuple[Any, str]:
    name = step_name(step)
    if name is not None:
        return get_attribute(value, name, described), f"{described}.{name}"
    if step.data == "short_index":
        key: Any = int(str(tokens(step)[-1]))
    else:
        key = evaluate(only_tree(step), scope)
    shown = key if isinstance(key, int) else f'"{to_text(key)}"'
    return get_index(value, key, described), f"{described}[{shown}]"


_HANDLERS: dict[str, Callable[[Node, Scope], Any]] = {
    "expr_term": _term,
    "int_lit": _number,
    "float_lit": _number,
    "literal_value": _literal,
    "string": _string,
    "tuple": _tuple,
    "object": _object,
    "function_call": _function_call,
    "binary_op": _binary_op,
    "unary_op": _unary_op,
    "conditional": _conditional,
    "for_tuple_expr": _for_tuple,
    "for_object_expr": _for_object,
}
