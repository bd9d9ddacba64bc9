"""What one resource instance needs, as Terraform would plan it.

Pure functions: given the instance's last applied state and what the template
asks for now, say whether to create, update in place, replace, read or leave it.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formation.providers import Provider
from formation.records import Resource
from formation.templates import Instance, Lifecycle

CREATE, UPDATE, REPLACE, READ, NONE = "create", "update", "replace", "read", "none"


@dataclass(frozen=True)
class Desired:
    """An instance as the template asks for it in this deployment."""

    instance: Instance
    config: dict[str, Any]
    triggers: list[Any]
    lifecycle: Lifecycle

    @property
    def compared(self) -> dict[str, Any]:
        """The arguments that decide a change: ``ignore_changes`` left out."""
        ignored = self.lifecycle.ignore_changes
        if ignored == "all":
            return {}
        return {k: v for k, v in self.config.items() if k not in ignored}

    @property
    def digest(self) -> str:
        """Hash of what decides a change; equal digests mean nothing to do."""
        raw = json.dumps([self.compared, self.triggers], sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()


def changed_arguments(previous: Mapping[str, Any], desired: Desired) -> frozenset[str]:
    """Names of the compared arguments whose value differs from the last apply."""
    ignored = desired.lifecycle.ignore_changes
    if ignored == "all":
        return frozenset()
    names = (set(previous) | set(desired.config)) - set(ignored)
    return frozenset(n for n in names if previous.get(n) != desired.config.get(n))


def decide(
    previous: Resource | None, desired: Desired, provider: Provider | None
) -> str:
    """The action for one instance: create, update, replace, read or none."""
    if desired.instance.mode == "data":
        return READ
    if previous is None or not previous.complete or provider is None:
        return CREATE
    if previous.triggers != desired.triggers:
        return REPLACE
    if provider.needs_replacement(previous.attributes):
        return REPLACE
    changed = changed_arguments(previous.arguments, desired)
    if not changed:
        return NONE
    if provider.replace_on is None or changed & provider.replace_on:
        return REPLACE
    return UPDATE
