"""String functions; lengths and offsets count grapheme clusters, as in Terraform."""

import re
from collections.abc import Callable
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.functions.arguments import as_whole
from formation.templates.functions.formatting import format_, formatlist
from formation.templates.functions.graphemes import graphemes
from formation.templates.functions.patterns import compile_pattern, expand
from formation.templates.values import to_text, type_name


def upper(value: Any) -> str:
    return "".join(_one_to_one(char, char.upper()) for char in to_text(value))


def lower(value: Any) -> str:
    return "".join(_one_to_one(char, char.lower()) for char in to_text(value))


def _one_to_one(char: str, mapped: str) -> str:
    """Keep ``char`` when its case mapping is several characters (ß stays ß)."""
    return mapped if len(mapped) == 1 else char


def title(value: Any) -> str:
    """Upper-case the first letter of each word; "_" joins words, as in Go."""
    out: list[str] = []
    previous = " "
    for char in to_text(value):
        out.append(_one_to_one(char, char.title()) if _separates(previous) else char)
        previous = char
    return "".join(out)


def _separates(char: str) -> bool:
    if char.isascii():
        return not (char.isalnum() or char == "_")
    if char.isalpha() or char.isdigit():
        return False
    return char.isspace()


def trimspace(value: Any) -> str:
    return to_text(value).strip()


def trim(value: Any, cutset: Any) -> str:
    return to_text(value).strip(to_text(cutset))


def trimprefix(value: Any, prefix: Any) -> str:
    return to_text(value).removeprefix(to_text(prefix))


def trimsuffix(value: Any, suffix: Any) -> str:
    return to_text(value).removesuffix(to_text(suffix))


def chomp(value: Any) -> str:
    return to_text(value).rstrip("\r\n")


def split(separator: Any, value: Any) -> list[str]:
    sep, text = to_text(separator), to_text(value)
    return list(text) if sep == "" else text.split(sep)


def join(separator: Any, *lists: Any) -> str:
    if not lists:
        raise ExpressionError("join() needs at least one list")
    items: list[str] = []
    for listing in lists:
        if not isinstance(listing, list):
            raise ExpressionError(f"join() needs lists, not a {type_name(listing)}")
        for position, item in enumerate(listing):
            if item is None:
                raise ExpressionError(
                    f"join(): element {position} is null; cannot join null values"
                )
            items.append(to_text(item))
    return to_text(separator).join(items)


def substr(value: Any, offset: Any, length: Any) -> str:
    characters = graphemes(to_text(value))
    start, count = as_whole(offset, "substr"), as_whole(length, "substr")
    if start < 0:
        start = max(len(characters) + start, 0)
    if count < -1:
        raise ExpressionError("substr(): the length must be -1 or more")
    end = len(characters) if count == -1 else start + count
    return "".join(characters[start:end])


def strrev(value: Any) -> str:
    return "".join(reversed(graphemes(to_text(value))))


def indent(spaces: Any, value: Any) -> str:
    return to_text(value).replace("\n", "\n" + " " * as_whole(spaces, "indent"))


def startswith(value: Any, prefix: Any) -> bool:
    return to_text(value).startswith(to_text(prefix))


def endswith(value: Any, suffix: Any) -> bool:
    return to_text(value).endswith(to_text(suffix))


def strcontains(value: Any, part: Any) -> bool:
    return to_text(part) in to_text(value)


def replace(value: Any, search: Any, replacement: Any) -> str:
    """Replace a substring, or a regular expression written as ``/pattern/``."""
    string, pattern, substitute = to_text(value), to_text(search), to_text(replacement)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        expression = compile_pattern(pattern[1:-1], "replace")
        return expression.sub(lambda match: expand(match, substitute), string)
    return string.replace(pattern, substitute)


def regex_(pattern: Any, value: Any) -> Any:
    """Return the first match: text, a list of captures, or a map of named ones."""
    expression = compile_pattern(to_text(pattern), "regex")
    match = expression.search(to_text(value))
    if match is None:
        raise ExpressionError(
            "regex(): the pattern did not match any part of the string"
        )
    return _captures(expression, match)


def regexall(pattern: Any, value: Any) -> list[Any]:
    expression = compile_pattern(to_text(pattern), "regexall")
    return [_captures(expression, m) for m in expression.finditer(to_text(value))]


def _captures(expression: re.Pattern[str], match: re.Match[str]) -> Any:
    if expression.groups == 0:
        return match.group(0)
    if expression.groupindex:
        if len(expression.groupindex) != expression.groups:
            raise ExpressionError("a pattern cannot mix named and unnamed groups")
        return {name: match.group(name) or "" for name in expression.groupindex}
    return [group or "" for group in match.groups()]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "upper": upper,
    "lower": lower,
    "title": title,
    "trimspace": trimspace,
    "trim": trim,
    "trimprefix": trimprefix,
    "trimsuffix": trimsuffix,
    "chomp": chomp,
    "split": split,
    "join": join,
    "substr": substr,
    "strrev": strrev,
    "indent": indent,
    "startswith": startswith,
    "endswith": endswith,
    "strcontains": strcontains,
    "replace": replace,
    "regex": regex_,
    "regexall": regexall,
    "format": format_,
    "formatlist": formatlist,
}
