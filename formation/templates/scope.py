"""What an evaluation may read."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formation.templates.errors import ExpressionError, NeedsState
from formation.templates.syntax import Node

WORKSPACE_PATH = "."
WORKSPACE_NAME = "default"


@dataclass
class Context:
    """Variables, locals and resource state for one rendering.

    ``state`` is None when no resource exists yet (request-time checks): reading
    a resource then raises :class:`NeedsState`. Local values are computed once
    and remembered, so a context belongs to a single rendering and thread.
    """

    variables: Mapping[str, Any]
    locals: Mapping[str, Node]
    state: Mapping[str, Mapping[str, Any]] | None
    local_values: dict[str, Any] = field(default_factory=dict)

    def variable(self, name: str) -> Any:
        """Return the value of variable ``name``."""
        if name not in self.variables:
            raise ExpressionError(f'variable "{name}" has no value')
        return self.variables[name]

    def resource(self, address: str) -> Mapping[str, Any]:
        """Return the attributes of the resource at ``address``."""
        if self.state is None:
            raise NeedsState(address)
        if address not in self.state:
            raise ExpressionError(f"resource {address} has not been created")
        return self.state[address]


@dataclass(frozen=True)
class Scope:
    """A context plus the names bound by enclosing ``for`` expressions."""

    context: Context
    names: Mapping[str, Any] = field(default_factory=dict)

    def bind(self, names: Mapping[str, Any]) -> "Scope":
        """Return a scope in which ``names`` are also defined."""
        return Scope(self.context, {**self.names, **names})
