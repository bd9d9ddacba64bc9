"""Split text into user-perceived characters, as Terraform's string functions do.

Terraform counts and cuts strings by Unicode grapheme cluster, so a flag emoji
or an ``e`` followed by a combining accent is one character.
"""

import regex  # type: ignore[import-untyped]

_CLUSTER = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """Return the grapheme clusters of ``text`` in order."""
    clusters: list[str] = _CLUSTER.findall(text)
    return clusters
