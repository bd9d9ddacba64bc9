"""String templates: literal parts, ``${...}`` and ``%{if}`` / ``%{for}`` directives.

python-hcl2 gives a string's parts as a flat sequence, directives included;
:func:`structure` nests them, then :func:`render` evaluates the nesting.
Strip markers (``~``) remove the blanks next to a directive or interpolation.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lark import Token

from formation.templates.errors import ExpressionError
from formation.templates.syntax import Node, literal_text, name_of, tokens, trees

Evaluate = Callable[[Node, Any], Any]
Iterate = Callable[[Node, list[str], Any], Iterator[Any]]


@dataclass
class Piece:
    """A literal text, an interpolation, or a directive with nested pieces."""

    kind: str
    text: str = ""
    node: Node | None = None
    names: list[str] = field(default_factory=list)
    body: list["Piece"] = field(default_factory=list)
    other: list["Piece"] = field(default_factory=list)
    strip_before: bool = False
    strip_after: bool = False


def structure(parts: list[Node]) -> list[Piece]:
    """Nest the parts of a ``string`` node; raise ExpressionError when unbalanced."""
    root: list[Piece] = []
    stack: list[tuple[Piece, list[Piece]]] = []
    current = root
    for part in parts:
        piece = _piece(part)
        if piece.kind in ("if", "for"):
            current.append(piece)
            stack.append((piece, current))
            current = piece.body
        elif piece.kind == "else":
            if not stack or stack[-1][0].kind != "if" or current is stack[-1][0].other:
                raise ExpressionError("%{else} without a matching %{if}")
            _strip_end(current, piece.strip_before)
            current = stack[-1][0].other
            current.append(Piece("marker", strip_after=piece.strip_after))
        elif piece.kind in ("endif", "endfor"):
            current = _close(piece, stack, current)
        else:
            current.append(piece)
    if stack:
        raise ExpressionError(f"%{{{stack[-1][0].kind}}} is never closed")
    _strip(root)
    return root


def _close(
    piece: Piece, stack: list[tuple[Piece, list[Piece]]], current: list[Piece]
) -> list[Piece]:
    wanted = piece.kind.removeprefix("end")
    if not stack or stack[-1][0].kind != wanted:
        raise ExpressionError(f"%{{{piece.kind}}} without a matching %{{{wanted}}}")
    _strip_end(current, piece.strip_before)
    _opened, parent = stack.pop()
    # A marker keeps the closing directive's strip flag for the text after it.
    parent.append(Piece("marker", strip_after=piece.strip_after))
    return parent


def _strip_end(pieces: list[Piece], strip: bool) -> None:
    if strip and pieces and pieces[-1].kind == "text":
        pieces[-1].text = pieces[-1].text.rstrip()


def _piece(part: Node) -> Piece:
    child = part.children[0]
    if isinstance(child, Token):
        return Piece("text", text=literal_text(child))
    marks = [str(token) for token in tokens(child)]
    before, after = "~" in marks[:2], "~" in marks[-2:]
    kind = child.data
    if kind == "interpolation":
        inner = trees(child)[0]
        return Piece("value", node=inner, strip_before=before, strip_after=after)
    if kind == "template_if_start":
        return Piece("if", node=trees(child)[0], strip_before=before, strip_after=after)
    if kind == "template_for_start":
        *names, collection = trees(child)
        return Piece(
            "for",
            node=collection,
            names=[name_of(name) for name in names],
            strip_before=before,
            strip_after=after,
        )
    simple = {"template_else": "else", "template_endif": "endif"}
    return Piece(simple.get(kind, "endfor"), strip_before=before, strip_after=after)


def _strip(pieces: list[Piece]) -> None:
    """Apply strip markers to the literal texts beside each marked piece."""
    for index, piece in enumerate(pieces):
        if piece.strip_before and index > 0 and pieces[index - 1].kind == "text":
            pieces[index - 1].text = pieces[index - 1].text.rstrip()
        opens = piece.kind in ("if", "for")
        if piece.strip_after and not opens and index + 1 < len(pieces):
            following = pieces[index + 1]
            if following.kind == "text":
                following.text = following.text.lstrip()
        if opens:
            if piece.strip_after and piece.body and piece.body[0].kind == "text":
                piece.body[0].text = piece.body[0].text.lstrip()
            _strip(piece.body)
            _strip(piece.other)


def is_single_value(pieces: list[Piece]) -> bool:
    """Tell whether a template is one interpolation alone, which keeps its type."""
    return len(pieces) == 1 and pieces[0].kind == "value"


def render(
    pieces: list[Piece],
    scope: Any,
    evaluate: Evaluate,
    iterate: Iterate,
    text: Callable[[Any], str],
) -> str:
    """Return the text of ``pieces`` evaluated in ``scope``."""
    out: list[str] = []
    for piece in pieces:
        if piece.kind == "text":
            out.append(piece.text)
        elif piece.kind == "value" and piece.node is not None:
            out.append(text(evaluate(piece.node, scope)))
        elif piece.kind == "if" and piece.node is not None:
            chosen = piece.body if _truth(evaluate(piece.node, scope)) else piece.other
            out.append(render(chosen, scope, evaluate, iterate, text))
        elif piece.kind == "for" and piece.node is not None:
            for inner in iterate(piece.node, piece.names, scope):
                out.append(render(piece.body, inner, evaluate, iterate, text))
    return "".join(out)


def _truth(value: Any) -> bool:
    from formation.templates.values import to_bool

    return to_bool(value)
