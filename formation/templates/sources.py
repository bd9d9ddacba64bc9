"""The files of a template: one text, or a mapping of paths to texts (e.g. a zip).

The root module is the ``.tf`` and ``.tf.json`` files at the root of the
mapping; a ``module`` block with ``source = "./sub"`` reads those directly in
``sub/``. Other files (templates, YAML) are read by ``file()`` and friends.
"""

import posixpath
from collections.abc import Mapping

from formation.templates.document import Block, blocks_from_hcl
from formation.templates.errors import INVALID, NOT_UTF8, UNPARSABLE, TemplateError
from formation.templates.tfjson import blocks_from_json

Files = Mapping[str, str]
SUFFIXES = (".tf", ".tf.json")
DEFAULT_NAME = "main.tf"


def collect_files(source: Mapping[str, str | bytes] | str | bytes) -> dict[str, str]:
    """Return the template's files keyed by normalised relative path.

    A lone text becomes ``main.tf`` (or ``main.tf.json`` when it starts with
    ``{``). Raises :class:`TemplateError` for a path that leaves the root and
    ``RF.10011085`` for bytes that are not UTF-8.
    """
    if isinstance(source, str | bytes):
        text = decode(source)
        name = "main.tf.json" if text.lstrip().startswith("{") else DEFAULT_NAME
        return {name: text}
    files: dict[str, str] = {}
    for path, content in source.items():
        key = posixpath.normpath(path.replace("\\", "/"))
        if posixpath.isabs(key) or key == ".." or key.startswith("../"):
            raise TemplateError(INVALID, f'file "{path}" is outside the template')
        files[key] = decode(content, key)
    return files


def decode(text: str | bytes, name: str = "template") -> str:
    """Return template text as ``str``, refusing bytes that are not UTF-8."""
    if isinstance(text, str):
        return text.removeprefix("\ufeff")
    try:
        return text.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        where = "template" if name == "template" else f'file "{name}"'
        message = f"{where} is not UTF-8 text (byte {error.start} is invalid)"
        raise TemplateError(NOT_UTF8, message) from error


def module_files(files: Files, directory: str) -> list[str]:
    """Return the configuration files directly in ``directory``, sorted by name."""
    return sorted(
        path
        for path in files
        if posixpath.dirname(path) == ("" if directory == "." else directory)
        and path.endswith(SUFFIXES)
    )


def module_blocks(files: Files, directory: str) -> tuple[Block, ...]:
    """Parse every configuration file of the module in ``directory``.

    Raises :class:`TemplateError` ``RF.10011073`` naming the file that does not
    parse (when there is more than one file).
    """
    paths = module_files(files, directory)
    blocks: list[Block] = []
    for path in paths:
        try:
            if path.endswith(".tf.json"):
                blocks.extend(blocks_from_json(files[path]))
            else:
                blocks.extend(blocks_from_hcl(files[path]))
        except TemplateError as error:
            if len(files) == 1:
                raise
            raise TemplateError(error.code, f"{path}: {error.message}") from error
    return tuple(blocks)


def child_directory(parent: str, source: str) -> str:
    """Return the folder a module ``source`` names, relative to the root."""
    joined = posixpath.normpath(posixpath.join(parent, source))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        raise TemplateError(
            INVALID, f'module source "{source}" is outside the template'
        )
    return joined


__all__ = [
    "UNPARSABLE",
    "Files",
    "child_directory",
    "collect_files",
    "decode",
    "module_blocks",
    "module_files",
]
