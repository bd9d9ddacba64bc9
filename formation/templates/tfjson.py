"""The block structure of a template, read from ``.tf.json`` text.

Terraform's JSON syntax needs to know how many labels each block type has and
which keys of a body are nested blocks; the tables below say so for the block
types the engine knows. Strings are templates except in ``variable`` blocks,
whose values are literal, and in ``depends_on``, ``ignore_changes`` and
``replace_triggered_by``, whose strings are references.
"""

import json
from collections.abc import Iterator
from typing import Any

from formation.templates.document import Block
from formation.templates.errors import UNPARSABLE, ExpressionError, TemplateError
from formation.templates.quoting import json_to_source
from formation.templates.syntax import Node, parse_expression

COMMENT = "//"
LABELS = {"variable": 1, "output": 1, "resource": 2, "data": 2, "module": 1}
IGNORED = frozenset({"terraform", "provider"})
# Arguments whose strings are references (``"random_id.a"``), not templates.
REFERENCE_LISTS = frozenset({"depends_on", "ignore_changes", "replace_triggered_by"})
NESTED_LABELS = {
    "lifecycle": 0,
    "provisioner": 1,
    "connection": 0,
    "validation": 0,
    "precondition": 0,
    "postcondition": 0,
}


def blocks_from_json(text: str) -> tuple[Block, ...]:
    """Parse ``.tf.json`` text into its top-level blocks.

    Raises :class:`TemplateError` ``RF.10011073`` when the text is not a JSON
    object or one of its expressions does not parse.
    """
    try:
        document = json.loads(text)
    except ValueError as error:
        raise TemplateError(
            UNPARSABLE, f"template is not valid JSON: {error}"
        ) from error
    if not isinstance(document, dict):
        raise TemplateError(UNPARSABLE, "a JSON template must be an object")

    blocks: list[Block] = []
    for kind, value in document.items():
        if kind == COMMENT:
            continue
        if kind in IGNORED:
            blocks.append(Block(kind, (), {}, ()))
            continue
        for labels, body in _labelled(kind, value, LABELS.get(kind, 0)):
            blocks.append(_read_block(kind, labels, body))
    return tuple(blocks)


def _labelled(
    kind: str, value: Any, depth: int, labels: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Yield (labels, body) for each block, descending one object per label."""
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, dict):
            raise TemplateError(UNPARSABLE, f'"{kind}" must hold JSON objects')
        if depth == 0:
            yield labels, item
            continue
        for label, inner in item.items():
            if label != COMMENT:
                yield from _labelled(kind, inner, depth - 1, (*labels, label))


def _read_block(kind: str, labels: tuple[str, ...], body: dict[str, Any]) -> Block:
    attributes: dict[str, Node] = {}
    nested: list[Block] = []
    for name, value in body.items():
        if name == COMMENT:
            continue
        if name in NESTED_LABELS:
            found = _labelled(name, value, NESTED_LABELS[name])
            nested.extend(_read_block(name, inner, part) for inner, part in found)
            continue
        attributes[name] = _read_attribute(Block(kind, labels, {}, ()), name, value)
    return Block(kind, labels, attributes, tuple(nested))


def _read_attribute(block: Block, name: str, value: Any) -> Node:
    try:
        return parse_expression(_source(block.kind, name, value))
    except ExpressionError as error:
        where = f'{block.describe()}: argument "{name}"'
        raise TemplateError(UNPARSABLE, f"{where} cannot be parsed: {error}") from error


def _source(kind: str, name: str, value: Any) -> str:
    if name in REFERENCE_LISTS and isinstance(value, list):
        return "[" + ", ".join(_reference(item) for item in value) + "]"
    if kind == "variable" and name == "type" and isinstance(value, str):
        return value
    return json_to_source(value, literal=kind == "variable")


def _reference(item: Any) -> str:
    """Return the expression of one reference entry, with or without ``${}``."""
    if not isinstance(item, str):
        raise ExpressionError("reference entries must be strings")
    text = item.strip()
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1]
    return text
