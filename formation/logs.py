"""JSON log lines that carry the ids bound to the current request or task.

A request binds its request id, Client-Request-Id, project and stack once; a
task binds its task id, project and deployment once; every line logged while
it runs carries them as fields, so no message repeats them by hand.
"""

import contextvars
import logging
import os
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pythonjsonlogger.json import JsonFormatter

_bound: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "formation_log_fields", default=MappingProxyType({})
)


def bind(**fields: Any) -> None:
    """Add fields to every log line of the current request or task."""
    given = {k: v for k, v in fields.items() if v not in (None, "")}
    _bound.set({**_bound.get(), **given})


def clear() -> None:
    _bound.set(MappingProxyType({}))


class BoundFields(logging.Filter):
    """Copies the bound fields onto each record (explicit ``extra=`` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _bound.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


def configure(level: str | None = None) -> None:
    """Send every log line to stderr as one JSON object."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level"},
        )
    )
    handler.addFilter(BoundFields())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level or os.environ.get("FORMATION_LOG_LEVEL", "INFO"))
