"""Parsing through python-hcl2's grammar, and helpers over its parse tree.

The engine works on the raw Lark tree (``hcl2.parses_to_tree``) rather than on
``hcl2.loads``: the dictionary form turns every expression back into text, while
the tree keeps its structure for evaluation.
"""

import re

import hcl2
from lark import Token, Tree
from lark.exceptions import LarkError

from formation.templates.errors import ExpressionError

Node = Tree[Token]
Child = Node | Token

_ESCAPE = re.compile(r'\\(?:([nrt"\\])|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))')
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def parse_body(text: str) -> Node:
    """Parse HCL text into its ``body`` node.

    Raises :class:`ExpressionError` with the line and column of a syntax error.
    """
    try:
        start = hcl2.parses_to_tree(text)
    except LarkError as error:
        raise ExpressionError(describe_syntax_error(error)) from error
    return only_tree(start)


def parse_expression(source: str) -> Node:
    """Parse the source text of one expression into its tree."""
    body = parse_body(f"expression = {source}")
    children = trees(body)
    if len(children) != 1 or children[0].data != "attribute":
        raise ExpressionError(f"{source!r} is not a single expression")
    return trees(children[0])[-1]


def describe_syntax_error(error: LarkError) -> str:
    """Summarise a Lark error as one line with its position when known."""
    summary = str(error).strip().splitlines()[0] if str(error).strip() else "error"
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    if isinstance(line, int) and line > 0:
        return f"syntax error at line {line}, column {column}: {summary}"
    return f"syntax error: {summary}"


def trees(node: Node) -> list[Node]:
    """Return the child trees of ``node`` that carry meaning.

    Tokens (punctuation, keywords) and newline or comment nodes are left out.
    """
    return [
        child
        for child in node.children
        if isinstance(child, Tree) and child.data != "new_line_or_comment"
    ]


def tokens(node: Node) -> list[Token]:
    """Return the tokens directly under ``node``."""
    return [child for child in node.children if isinstance(child, Token)]


def only_tree(node: Node) -> Node:
    """Return the single meaningful child of ``node``."""
    children = trees(node)
    if len(children) != 1:
        raise ExpressionError(f"unexpected {node.data} with {len(children)} parts")
    return children[0]


def name_of(node: Node) -> str:
    """Return the text of an ``identifier``, ``keyword`` or ``literal_value``."""
    return str(node.children[0])


def unescape(text: str) -> str:
    """Resolve the backslash escapes of a quoted HCL string."""
    return _ESCAPE.sub(_unescape_one, text)


def _unescape_one(match: re.Match[str]) -> str:
    simple, short, long = match.groups()
    if simple:
        return _SIMPLE_ESCAPES[simple]
    return chr(int(short or long, 16))


def literal_string(node: Node) -> str:
    """Return the text of a ``string`` node that holds no interpolation.

    Used for block labels and object keys, which HCL takes literally.
    """
    parts: list[str] = []
    for part in trees(node):
        piece = part.children[0]
        if not isinstance(piece, Token):
            raise ExpressionError("interpolation is not allowed here")
        parts.append(literal_text(piece))
    return "".join(parts)


def literal_text(piece: Token) -> str:
    """Return the text a literal part of a string stands for.

    ``$${`` and ``%%{`` are the escapes for a literal ``${`` and ``%{``.
    """
    if piece.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
        return unescape(str(piece)[1:])
    return unescape(str(piece))
