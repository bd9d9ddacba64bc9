"""What an evaluation may read.

An :class:`Evaluation` is one rendering of a template: the root variables, the
state (None while planning, when every resource attribute is unknown) and the
values computed so far. A :class:`Context` is the module being evaluated in
it, and a :class:`Scope` adds the names bound by ``for`` expressions,
``count``, ``each`` and ``self``. An evaluation belongs to one thread.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formation.templates.model import Module, Template

State = Mapping[str, Mapping[str, Any]]
WORKSPACE_NAME = "default"


@dataclass
class Evaluation:
    """One rendering: inputs, state and the values computed so far.

    ``state`` maps instance addresses (data sources included) to attributes.
    ``planning`` is the state-free evaluation used to decide how many
    instances each resource has; it is the evaluation itself when planning.
    """

    template: Template
    variables: Mapping[str, Any]
    state: State | None
    local_values: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    expansions: dict[str, Any] = field(default_factory=dict)
    for_each_values: dict[str, Any] = field(default_factory=dict)
    planning_evaluation: "Evaluation | None" = None

    @property
    def planning(self) -> "Evaluation":
        """Return the evaluation that works without state."""
        if self.state is None:
            return self
        if self.planning_evaluation is None:
            self.planning_evaluation = Evaluation(self.template, self.variables, None)
        return self.planning_evaluation

    def context(self, prefix: str = "") -> "Context":
        """Return the context of the module whose addresses start with ``prefix``."""
        return Context(self, self.template.module(prefix))


@dataclass(frozen=True)
class Context:
    """One module inside an evaluation."""

    evaluation: Evaluation
    module: Module

    @property
    def template(self) -> Template:
        """Return the template being evaluated."""
        return self.evaluation.template

    @property
    def planning(self) -> bool:
        """Tell whether resource attributes are unknown (no state given)."""
        return self.evaluation.state is None


@dataclass(frozen=True)
class Scope:
    """A context plus the names bound by enclosing expressions and blocks."""

    context: Context
    names: Mapping[str, Any] = field(default_factory=dict)

    def bind(self, names: Mapping[str, Any]) -> "Scope":
        """Return a scope in which ``names`` are also defined."""
        return Scope(self.context, {**self.names, **names})


def literal_scope() -> Scope:
    """Return a scope for expressions that refer to nothing (defaults, literals)."""
    root = Module("", ".", {}, {}, (), {})
    template = Template((), {}, {}, {}, (), {"": root})
    return Scope(Context(Evaluation(template, {}, None), root))
