"""Evaluate an expression tree by walking it; nothing is ever passed to eval()."""

from collections.abc import Callable, Iterator
from typing import Any

from formation.templates import functions, names, templating
from formation.templates.bignum import parse_number
from formation.templates.errors import ExpressionError
from formation.templates.operators import binary, unary
from formation.templates.references import SPLATS, TRAVERSALS, step_name, unroll
from formation.templates.scope import Scope
from formation.templates.syntax import Node, name_of, only_tree, tokens, trees
from formation.templates.values import (
    UNKNOWN,
    SetValue,
    UnknownValue,
    get_attribute,
    get_index,
    has_unknown,
    splat_items,
    to_bool,
    to_text,
)

LITERALS = {"true": True, "false": False, "null": None}


def evaluate(node: Node, scope: Scope) -> Any:
    """Return the value of expression ``node`` in ``scope``.

    Raises :class:`ExpressionError` when the expression is invalid for these
    values. An operation on a value known only after apply yields
    :data:`UNKNOWN` instead of failing.
    """
    if node.data in TRAVERSALS or node.data == "identifier":
        handler: Callable[[Node, Scope], Any] = _traversal
    else:
        found = _HANDLERS.get(node.data)
        if found is None:
            raise ExpressionError(f"{node.data} expressions are not supported")
        handler = found
    try:
        return handler(node, scope)
    except UnknownValue:
        return UNKNOWN


def _term(node: Node, scope: Scope) -> Any:
    return evaluate(only_tree(node), scope)


def _number(node: Node, scope: Scope) -> Any:
    number = parse_number(str(node.children[0]))
    if number is None:
        raise ExpressionError(f"{node.children[0]} is not a number")
    return number


def _literal(node: Node, scope: Scope) -> Any:
    return LITERALS[str(node.children[0])]


def _string(node: Node, scope: Scope) -> Any:
    pieces = templating.structure(trees(node))
    # "${x}" alone yields x itself, not its text: Terraform keeps lists,
    # numbers and objects intact through a lone interpolation.
    if templating.is_single_value(pieces) and pieces[0].node is not None:
        return evaluate(pieces[0].node, scope)
    return templating.render(pieces, scope, evaluate, _template_iterations, to_text)


def _template_iterations(
    collection_node: Node, labels: list[str], scope: Scope
) -> Iterator[Scope]:
    collection = evaluate(collection_node, scope)
    for key, value in _pairs(collection):
        yield _bind_pair(scope, labels, key, value)


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
    name_node, *rest = trees(node)
    name = name_of(name_node)
    argument_nodes = trees(rest[0]) if rest else []
    if name in ("try", "can"):
        return _attempt(name, argument_nodes, scope)
    arguments = [evaluate(argument, scope) for argument in argument_nodes]
    if rest and any(token.type == "ELLIPSIS" for token in tokens(rest[0])):
        arguments = _expand_last(arguments)
    if name == "templatefile":
        return _templatefile(arguments, scope)
    return functions.call(name, arguments, scope.context.template.files)


def _attempt(name: str, argument_nodes: list[Node], scope: Scope) -> Any:
    """Evaluate ``try`` (the first argument that works) or ``can`` (does it work)."""
    if name == "can" and len(argument_nodes) != 1:
        raise ExpressionError("can() takes exactly 1 argument")
    if not argument_nodes:
        raise ExpressionError("try() needs at least 1 argument")
    for argument in argument_nodes:
        try:
            value = evaluate(argument, scope)
        except ExpressionError:
            continue
        if has_unknown(value) and name == "try":
            return UNKNOWN
        return True if name == "can" else value
    if name == "can":
        return False
    raise ExpressionError("try(): no argument could be evaluated without an error")


def _templatefile(arguments: list[Any], scope: Scope) -> Any:
    if len(arguments) != 2:
        raise ExpressionError("templatefile() takes 2 arguments")
    path, variables = arguments
    if not isinstance(variables, dict):
        raise ExpressionError("templatefile(): the variables must be an object")
    text = functions.read_file(scope.context.template.files, path, "templatefile")
    pieces = templating.structure(_template_parts(text))
    inner = Scope(scope.context, {**variables, names.TEMPLATE_FILE: True})
    if templating.is_single_value(pieces) and pieces[0].node is not None:
        return evaluate(pieces[0].node, inner)
    return templating.render(pieces, inner, evaluate, _template_iterations, to_text)


def _template_parts(text: str) -> list[Node]:
    from formation.templates.quoting import quote_template
    from formation.templates.syntax import parse_expression

    node = parse_expression(quote_template(text))
    while node.data == "expr_term":
        node = only_tree(node)
    return trees(node)


def _expand_last(arguments: list[Any]) -> list[Any]:
    *leading, last = arguments
    if last is UNKNOWN:
        raise UnknownValue()
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
            raise ExpressionError(
                f'the for expression produces key "{key}" twice; add "..." '
                "after the value to group the values by key"
            )
        else:
            result[key] = value
    return dict(sorted(result.items()))


def _iterations(intro: Node, condition: list[Node], scope: Scope) -> Iterator[Scope]:
    """Yield one scope per element of the collection that passes the condition."""
    *name_nodes, collection_node = trees(intro)
    labels = [name_of(name) for name in name_nodes]
    for key, value in _pairs(evaluate(collection_node, scope)):
        inner = _bind_pair(scope, labels, key, value)
        if not condition or to_bool(evaluate(only_tree(condition[0]), inner)):
            yield inner


def _pairs(collection: Any) -> list[tuple[Any, Any]]:
    """Return (key, value) pairs: map keys in order, list indexes, set elements."""
    if collection is UNKNOWN:
        raise UnknownValue()
    if isinstance(collection, dict):
        return sorted(collection.items())
    if isinstance(collection, SetValue):
        return [(item, item) for item in collection]
    if isinstance(collection, list):
        return list(enumerate(collection))
    if collection is None:
        raise ExpressionError("a for expression cannot iterate over null")
    raise ExpressionError("a for expression needs a list, a set or a map")


def _bind_pair(scope: Scope, labels: list[str], key: Any, value: Any) -> Scope:
    if len(labels) == 1:
        return scope.bind({labels[0]: value})
    return scope.bind({labels[0]: key, labels[1]: value})


def _traversal(node: Node, scope: Scope) -> Any:
    root, steps = unroll(node)
    if root.data != "identifier":
        return _apply(evaluate(root, scope), steps, "value", scope)
    value, described, steps = names.resolve(name_of(root), steps, scope)
    return _apply(value, steps, described, scope)


def _apply(value: Any, steps: list[Node], described: str, scope: Scope) -> Any:
    for position, step in enumerate(steps):
        if step.data in SPLATS:
            if value is UNKNOWN:
                return UNKNOWN
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
    if key is UNKNOWN:
        return UNKNOWN, f"{described}[?]"
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
