"""Functions that read the template's own files: file, fileexists, fileset.

They read the files the template was loaded from (the mapping given to
``load_template``, e.g. a zip's contents), never the disk: paths are relative
to the root module's folder, as Terraform's are relative to its working
directory, which is why templates write ``"${path.module}/data.txt"``.
"""

import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Any

from formation.templates.errors import ExpressionError
from formation.templates.values import SetValue, to_text


def normalize_path(path: str, function: str) -> str:
    """Return ``path`` relative to the root, refusing absolute or escaping paths."""
    cleaned = posixpath.normpath(path.replace("\\", "/"))
    if posixpath.isabs(cleaned) or cleaned == ".." or cleaned.startswith("../"):
        raise ExpressionError(
            f'{function}(): "{path}" is outside the template\'s files'
        )
    return cleaned


def read_file(files: Mapping[str, str], path: Any, function: str = "file") -> str:
    """Return the text of template file ``path``."""
    key = normalize_path(to_text(path), function)
    if key not in files:
        raise ExpressionError(f'{function}(): no file exists at "{to_text(path)}"')
    return files[key]


def file(files: Mapping[str, str], path: Any) -> str:
    return read_file(files, path)


def fileexists(files: Mapping[str, str], path: Any) -> bool:
    """Tell whether the template has file ``path``; a path outside it never does."""
    try:
        return normalize_path(to_text(path), "fileexists") in files
    except ExpressionError:
        return False


def fileset(files: Mapping[str, str], path: Any, pattern: Any) -> SetValue:
    """Return the files under ``path`` matching ``pattern``, relative to ``path``."""
    base = normalize_path(to_text(path), "fileset")
    matcher = _glob(to_text(pattern))
    prefix = "" if base == "." else base + "/"
    found = [
        name[len(prefix) :]
        for name in files
        if name.startswith(prefix) and matcher.fullmatch(name[len(prefix) :])
    ]
    return SetValue(sorted(found))


def _glob(pattern: str) -> re.Pattern[str]:
    """Translate a fileset pattern: ``*`` and ``?`` stay in one folder, ``**`` not.

    ``{a,b}`` picks one of its choices; a comma elsewhere is a plain comma.
    """
    out: list[str] = []
    index, braces = 0, 0
    while index < len(pattern):
        char = pattern[index]
        braces += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and braces > 0:
            out.append("|")
            index += 1
        elif pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        else:
            out.append(_GLOB_CHARS.get(pattern[index], re.escape(pattern[index])))
            index += 1
    return re.compile("".join(out))


_GLOB_CHARS = {
    "*": "[^/]*",
    "?": "[^/]",
    "[": "[",
    "]": "]",
    "{": "(?:",
    "}": ")",
    ",": "|",
}


def basename(path: Any) -> str:
    return posixpath.basename(to_text(path))


def dirname(path: Any) -> str:
    return posixpath.dirname(to_text(path)) or "."


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "file": file,
    "fileexists": fileexists,
    "fileset": fileset,
}
PATH_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "basename": basename,
    "dirname": dirname,
}
