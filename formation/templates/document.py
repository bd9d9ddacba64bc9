"""The block structure of a template, read from HCL text.

Both syntaxes end up as the same :class:`Block` values whose attributes are
expression trees, so everything after parsing ignores which syntax was used.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from lark import Tree

from formation.templates.errors import UNPARSABLE, ExpressionError, TemplateError
from formation.templates.quoting import heredoc_body, quote_template
from formation.templates.syntax import (
    Node,
    literal_string,
    name_of,
    parse_body,
    parse_expression,
    trees,
)

HEREDOCS = ("heredoc_template", "heredoc_template_trim")


@dataclass(frozen=True)
class Block:
    """One block: its kind, labels, attribute expressions and nested blocks."""

    kind: str
    labels: tuple[str, ...]
    attributes: Mapping[str, Node]
    blocks: tuple["Block", ...]

    def describe(self) -> str:
        """Return the block's header as written, e.g. ``resource "a" "b"``."""
        return " ".join([self.kind, *(f'"{label}"' for label in self.labels)])


def blocks_from_hcl(text: str) -> tuple[Block, ...]:
    """Parse HCL text into its top-level blocks.

    Raises :class:`TemplateError` ``RF.10011073`` when the text does not parse.
    """
    try:
        root = _read_body("template", (), parse_body(text))
    except ExpressionError as error:
        raise TemplateError(
            UNPARSABLE, f"template cannot be parsed: {error}"
        ) from error

    if root.attributes:
        name = next(iter(root.attributes))
        raise TemplateError(UNPARSABLE, f'argument "{name}" is outside of any block')
    return root.blocks


def expand_heredocs(node: Node) -> Node:
    """Return ``node`` with every heredoc replaced by the string it stands for.

    python-hcl2 keeps a heredoc as one token; parsing its body as a quoted
    string exposes its interpolations to the evaluator.
    """
    if node.data in HEREDOCS:
        body = heredoc_body(str(node.children[0]))
        return parse_expression(quote_template(body))
    children = [
        expand_heredocs(child) if isinstance(child, Tree) else child
        for child in node.children
    ]
    return Tree(node.data, children, node.meta)


def _read_body(kind: str, labels: tuple[str, ...], body: Node) -> Block:
    attributes: dict[str, Node] = {}
    blocks: list[Block] = []
    for node in trees(body):
        if node.data == "block":
            blocks.append(_read_block(node))
            continue
        name_node, expression = trees(node)
        name = name_of(name_node)
        if name in attributes:
            header = Block(kind, labels, {}, ()).describe()
            raise ExpressionError(f'{header}: argument "{name}" is set twice')
        attributes[name] = expand_heredocs(expression)
    return Block(kind, labels, attributes, tuple(blocks))


def _read_block(node: Node) -> Block:
    *head, body = trees(node)
    kind = name_of(head[0])
    labels = tuple(
        literal_string(label) if label.data == "string" else name_of(label)
        for label in head[1:]
    )
    return _read_body(kind, labels, body)
