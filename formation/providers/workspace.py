"""Keep file paths from templates inside the stack's workspace folder.

A path is refused when it is absolute or has a ``..`` part (checked statically),
or when, at write time, its real location after following the links that
already exist lies outside the workspace. A link made between that check and
the write could still redirect it; nothing else writes in a stack's workspace
while a deployment holds the stack, so only the stack's own files are there.
"""

import os
import secrets
from pathlib import Path, PurePosixPath

from formation.providers.base import ConfigError, ProviderError


def relative_path(value: str, name: str) -> PurePosixPath:
    """Return ``value`` as a normalised path relative to the workspace.

    Raises :class:`ConfigError` naming argument ``name`` for an absolute path,
    a ``..`` part or a path that names no file.
    """
    if "\x00" in value:
        raise ConfigError(f'argument "{name}" must not contain a NUL character')
    path = PurePosixPath(value)
    if path.is_absolute():
        raise ConfigError(f'argument "{name}" must be relative to the stack workspace')
    if ".." in path.parts:
        raise ConfigError(f'argument "{name}" must not contain ".."')
    if not path.parts:
        raise ConfigError(f'argument "{name}" names no file')
    return path


def ensure_inside(path: Path, workspace: Path, shown: PurePosixPath) -> None:
    """Refuse ``path`` when its real location is outside ``workspace``."""
    root = workspace.resolve()
    real = path.resolve()
    if real != root and root not in real.parents:
        raise ProviderError(f'"{shown}" leads outside the stack workspace')


def make_folders(workspace: Path, relative: PurePosixPath, mode: int) -> Path:
    """Create the folders leading to ``relative``; return the file's full path.

    Folders already there are kept, as is everything in them. Raises
    :class:`ProviderError` naming the part that is in the way when a file, not a
    folder, stands where a folder is needed.
    """
    workspace.mkdir(parents=True, exist_ok=True)
    current, shown = workspace, PurePosixPath()
    for part in relative.parts[:-1]:
        current, shown = current / part, shown / part
        ensure_inside(current, workspace, shown)
        if not current.exists() and not current.is_symlink():
            _make_folder(current, mode, relative, shown)
        if not current.is_dir():
            raise ProviderError(
                f'cannot write "{relative}": "{shown}" in the stack workspace is a '
                "file, not a folder; remove or rename it, then continue the deployment"
            )
    target = current / relative.name
    ensure_inside(target, workspace, relative)
    if target.is_dir():
        raise ProviderError(f'cannot write "{relative}": it is a folder')
    return target


def _make_folder(
    path: Path, mode: int, relative: PurePosixPath, shown: PurePosixPath
) -> None:
    try:
        path.mkdir(mode=mode, exist_ok=True)
    except OSError as error:
        reason = f'cannot create folder "{shown}": {error.strerror}'
        raise ProviderError(f'cannot write "{relative}": {reason}') from error


def write_file(target: Path, data: bytes, mode: int) -> None:
    """Replace ``target`` with ``data`` in one step.

    The bytes go to a new file beside it, created with ``mode`` (the process
    umask applies, as for any new file), which is then renamed over the target:
    a crash leaves the old file or the new one, never half of it.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
