"""Regular expressions written for Terraform (RE2 syntax) run with Python's ``re``.

The two agree on the syntax templates use (classes, groups, ``(?P<name>)``,
flags); RE2's ``\\z`` is translated, and a pattern Python refuses is an error.
"""

import re

from formation.templates.errors import ExpressionError

_REFERENCE = re.compile(r"\$(\$|\{(\w+)\}|(\w+))")


def compile_pattern(pattern: str, function: str) -> re.Pattern[str]:
    """Compile an RE2 pattern; ExpressionError names ``function`` when it is bad."""
    try:
        return re.compile(pattern.replace(r"\z", r"\Z"))
    except re.error as error:
        raise ExpressionError(
            f"{function}(): bad regular expression: {error}"
        ) from error


def expand(match: re.Match[str], template: str) -> str:
    """Fill ``$1``, ``${1}``, ``$name`` and ``$$`` the way Go's regexp does."""

    def group(reference: re.Match[str]) -> str:
        if reference.group(1) == "$":
            return "$"
        key = reference.group(2) or reference.group(3)
        try:
            found = match.group(int(key) if key.isdigit() else key)
        except IndexError:
            return ""
        return found or ""

    return _REFERENCE.sub(group, template)
