"""Providers that only the fault-injection tests install (through the entry point
group ``formation.providers``, as a third-party provider would)."""

import os
import time
from collections.abc import Mapping
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded

from formation.providers import Provider, ProviderContext, ProviderError


class Stubborn(Provider):
    """Sleeps ``seconds`` and ignores the soft time limit, as buggy code might."""

    type_name = "stubborn_sleep"
    arguments = frozenset({"seconds"})

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        deadline = time.monotonic() + float(config["seconds"])
        while time.monotonic() < deadline:
            try:
                time.sleep(0.05)
            except SoftTimeLimitExceeded:
                continue
        return {"id": ctx.address}


class Counted(Provider):
    """Appends one line per create call to ``calls.log`` in the workspace."""

    type_name = "counted"
    arguments = frozenset({"seconds"})

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        ctx.workspace.mkdir(parents=True, exist_ok=True)
        line = f"{ctx.address} {ctx.deployment_id}\n".encode()
        fd = os.open(
            ctx.workspace / "calls.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT
        )
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        time.sleep(float(config.get("seconds") or 0))
        return {"id": ctx.address}


class Fragile(Provider):
    """Refuses to be destroyed while ``keep-me`` exists in the workspace."""

    type_name = "fragile"
    arguments = frozenset()

    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        return {"id": ctx.address}

    def delete(self, attributes: Mapping[str, Any], ctx: ProviderContext) -> None:
        if (ctx.workspace / "keep-me").exists():
            raise ProviderError("keep-me is in the workspace")
