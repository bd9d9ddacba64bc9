"""The Lua scripts that make every multi-key write atomic and fenced."""

from functools import cache
from importlib import resources
from typing import Any

import redis
from redis.commands.core import Script

NAMES = (
    "create",
    "admit",
    "begin",
    "claim",
    "renew",
    "complete",
    "fail",
    "finish",
    "remove",
    "reap",
    "repair",
    "update",
    "throttle",
)


@cache
def _source(name: str) -> str:
    folder = resources.files("formation") / "lua"
    prelude = (folder / "prelude.lua").read_text(encoding="utf-8")
    return prelude + "\n" + (folder / f"{name}.lua").read_text(encoding="utf-8")


class Scripts:
    """Registered scripts of one client, called as ``scripts.claim(keys, args)``."""

    def __init__(self, client: redis.Redis) -> None:
        self._scripts: dict[str, Script] = {
            name: client.register_script(_source(name)) for name in NAMES
        }

    def run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        return self._scripts[name](keys=keys, args=args)
