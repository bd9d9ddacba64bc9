"""``local_file`` and ``local_sensitive_file``: files in the stack's workspace."""

import base64
import binascii
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from formation.providers.arguments import text
from formation.providers.base import (
    ConfigError,
    Provider,
    ProviderContext,
    ProviderError,
)
from formation.providers.workspace import (
    ensure_inside,
    make_folders,
    relative_path,
    write_file,
)

PERMISSIONS = ("file_permission", "directory_permission")


class LocalFile(Provider):
    """Writes one file under the workspace; ``id`` is the SHA-1 of its content.

    The content comes from exactly one of the content arguments; ``source``
    copies another file of the workspace. delete() removes the file only.
    """

    type_name = "local_file"
    contents: ClassVar[tuple[str, ...]] = (
        "content",
        "content_base64",
        "sensitive_content",
        "source",
    )
    default_permission: ClassVar[str] = "0777"
    sensitive_attributes = frozenset({"sensitive_content"})
    arguments = frozenset(
        {
            "filename",
            "content",
            "content_base64",
            "sensitive_content",
            "source",
            *PERMISSIONS,
        }
    )
    required = frozenset({"filename"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        pending = frozenset(getattr(config, "pending", ()))
        given = [n for n in self.contents if config.get(n) is not None or n in pending]
        if len(given) != 1:
            choices = ", ".join(self.contents)
            raise ConfigError(f"exactly one of {choices} must be set")
        for name in ("filename", "source"):
            if config.get(name) is not None:
                relative_path(text(config, name) or "", name)
        for name in PERMISSIONS:
            _permission(config, name, self.default_permission)
        if config.get("content_base64") is not None:
            _decoded(text(config, "content_base64") or "")

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        self.verify(config)
        data = self._data(config, ctx.workspace)
        relative = relative_path(text(config, "filename") or "", "filename")
        folder_mode = _permission(
            config, "directory_permission", self.default_permission
        )
        target = make_folders(ctx.workspace, relative, folder_mode)
        file_mode = _permission(config, "file_permission", self.default_permission)
        try:
            write_file(target, data, file_mode)
        except OSError as error:
            raise ProviderError(
                f'cannot write "{relative}": {error.strerror}'
            ) from error
        return {**self._settings(config), **digests(data)}

    def delete(self, attributes: Mapping[str, Any], ctx: ProviderContext) -> None:
        try:
            relative = relative_path(str(attributes["filename"]), "filename")
        except ConfigError as error:
            raise ProviderError(str(error)) from error
        target = ctx.workspace / relative
        ensure_inside(target, ctx.workspace, relative)
        try:
            target.unlink(missing_ok=True)
        except OSError as error:
            raise ProviderError(
                f'cannot delete "{relative}": {error.strerror}'
            ) from error

    def _data(self, config: Mapping[str, Any], workspace: Path) -> bytes:
        if config.get("source") is not None:
            return _read_source(workspace, text(config, "source") or "")
        if config.get("content_base64") is not None:
            return _decoded(text(config, "content_base64") or "")
        name = next(n for n in self.contents if config.get(n) is not None)
        return (text(config, name) or "").encode()

    def _settings(self, config: Mapping[str, Any]) -> dict[str, Any]:
        settings = {name: config.get(name) for name in (*self.contents, "filename")}
        for name in PERMISSIONS:
            settings[name] = text(config, name, self.default_permission)
        return settings


class LocalSensitiveFile(LocalFile):
    """A local_file whose content is sensitive; files default to owner-only access."""

    type_name = "local_sensitive_file"
    contents = ("content", "content_base64", "source")
    default_permission = "0700"
    sensitive_attributes = frozenset({"content", "content_base64"})
    arguments = frozenset(
        {"filename", "content", "content_base64", "source", *PERMISSIONS}
    )


def digests(data: bytes) -> dict[str, str]:
    """Return the id and checksum attributes Terraform computes for a file."""
    sha256, sha512 = hashlib.sha256(data).digest(), hashlib.sha512(data).digest()
    sha1 = hashlib.sha1(data).hexdigest()
    return {
        "id": sha1,
        "content_md5": hashlib.md5(data).hexdigest(),
        "content_sha1": sha1,
        "content_sha256": sha256.hex(),
        "content_base64sha256": base64.b64encode(sha256).decode(),
        "content_sha512": sha512.hex(),
        "content_base64sha512": base64.b64encode(sha512).decode(),
    }


def _permission(config: Mapping[str, Any], name: str, default: str) -> int:
    value = text(config, name, default) or default
    if not (3 <= len(value) <= 4 and all(char in "01234567" for char in value)):
        raise ConfigError(f'argument "{name}" must be an octal mode such as "0644"')
    return int(value, 8)


def _decoded(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as error:
        raise ConfigError('argument "content_base64" is not valid base64') from error


def _read_source(workspace: Path, value: str) -> bytes:
    relative = relative_path(value, "source")
    path = workspace / relative
    ensure_inside(path, workspace, relative)
    try:
        return path.read_bytes()
    except OSError as error:
        raise ProviderError(
            f'cannot read source "{relative}": {error.strerror}'
        ) from error
