"""Turn template text from outside HCL's quoted strings into quoted HCL source.

The strings of ``.tf.json`` and the bodies of heredocs are templates whose
literal parts carry no escapes. Quoting the literal parts (and leaving every
``${...}`` as written) lets python-hcl2's grammar parse them the same way as a
quoted HCL string, so one evaluator serves all three.
"""

import json
import re
from typing import Any

_LITERAL_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HEREDOC = re.compile(
    r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n((?:.*?\n)?)[ \t]*\2\r?\n?$", re.S
)


def quote_template(text: str) -> str:
    """Return ``text`` as a quoted HCL string, keeping its ``${...}`` sequences."""
    out = ['"']
    index = 0
    while index < len(text):
        if text.startswith(("$${", "%%{"), index):
            out.append(text[index : index + 3])
            index += 3
        elif text.startswith(("${", "%{"), index):
            end = _end_of_sequence(text, index + 2)
            out.append(text[index:end])
            index = end
        else:
            out.append(_quote_char(text[index]))
            index += 1
    out.append('"')
    return "".join(out)


def quote_literal(text: str) -> str:
    """Return ``text`` as a quoted HCL string in which nothing is interpolated."""
    escaped = "".join(_quote_char(char) for char in text)
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def json_to_source(value: Any, *, literal: bool = False) -> str:
    """Return HCL expression source for a value decoded from ``.tf.json``.

    Strings become templates, or plain literals when ``literal`` is set (as for
    variable defaults, which Terraform never interpolates).
    """
    if isinstance(value, str):
        return quote_literal(value) if literal else quote_template(value)
    if isinstance(value, dict):
        elements = (
            f"{quote_literal(str(key))} = {json_to_source(item, literal=literal)}"
            for key, item in value.items()
        )
        return "{" + ", ".join(elements) + "}"
    if isinstance(value, list):
        items = (json_to_source(item, literal=literal) for item in value)
        return "[" + ", ".join(items) + "]"
    return json.dumps(value)


def heredoc_body(token_text: str) -> str:
    """Return the template text of a heredoc token, indentation trimmed for ``<<-``."""
    match = _HEREDOC.match(token_text)
    if match is None:
        return token_text
    trim, _marker, body = match.groups()
    if trim:
        body = _dedent(body)
    return body


def _dedent(body: str) -> str:
    lines = body.split("\n")
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return "\n".join(line[cut:] for line in lines)


def _quote_char(char: str) -> str:
    if char in _LITERAL_ESCAPES:
        return _LITERAL_ESCAPES[char]
    if ord(char) < 0x20:
        return f"\\u{ord(char):04x}"
    return char


def _end_of_sequence(text: str, index: int) -> int:
    """Return the index just past the ``}`` closing a sequence opened before index."""
    depth = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            index = _end_of_string(text, index + 1)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index + 1
            depth -= 1
        index += 1
    return index


def _end_of_string(text: str, index: int) -> int:
    """Return the index just past the quote closing a string nested in a sequence."""
    while index < len(text):
        if text[index] == "\\":
            index += 2
        elif text.startswith(("${", "%{"), index):
            index = _end_of_sequence(text, index + 2)
        elif text[index] == '"':
            return index + 1
        else:
            index += 1
    return index
