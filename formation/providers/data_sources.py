"""Data sources ``local_file`` and ``local_sensitive_file``: read a workspace file."""

import base64
from collections.abc import Mapping
from typing import Any

from formation.providers.arguments import text
from formation.providers.base import (
    ConfigError,
    DataSource,
    ProviderContext,
    ProviderError,
)
from formation.providers.local_file import digests
from formation.providers.workspace import ensure_inside, relative_path


class LocalFileData(DataSource):
    """Reads ``filename`` from the stack's workspace folder.

    Like local_file, the path must stay inside the workspace. ``content`` is
    the file as UTF-8 text, ``content_base64`` its bytes; ``id`` is the SHA-1.
    """

    type_name = "local_file"
    arguments = frozenset({"filename"})
    required = frozenset({"filename"})

    def check(self, config: Mapping[str, Any]) -> None:
        super().check(config)
        if config.get("filename") is not None:
            relative_path(text(config, "filename") or "", "filename")

    def read(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        name = text(config, "filename") or ""
        try:
            relative = relative_path(name, "filename")
        except ConfigError as error:
            raise ProviderError(str(error)) from error
        path = ctx.workspace / relative
        ensure_inside(path, ctx.workspace, relative)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ProviderError(
                f'cannot read "{relative}": {error.strerror}'
            ) from error
        return {
            "filename": name,
            "content": data.decode("utf-8", "replace"),
            "content_base64": base64.b64encode(data).decode(),
            **digests(data),
        }


class LocalSensitiveFileData(LocalFileData):
    """Like data ``local_file``, with ``content`` and ``content_base64`` sensitive."""

    type_name = "local_sensitive_file"
    sensitive_attributes = frozenset({"content", "content_base64"})
