"""Shortcuts shared by the provider tests."""

from pathlib import Path

from formation.providers import ProviderContext


def context(workspace: Path, address: str = "test.resource") -> ProviderContext:
    return ProviderContext(workspace=workspace, address=address, deployment_id="d-1")
