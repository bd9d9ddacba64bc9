"""The parsed form of a template.

A :class:`Template` holds expression trees and never changes after loading, so
one instance may sit in a cache and be shared between threads.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formation.templates.syntax import Node


@dataclass(frozen=True)
class Validation:
    """A ``validation`` block of a variable."""

    condition: Node
    error_message: str


@dataclass(frozen=True)
class Variable:
    """A declared input variable; ``type_name`` is "any" when none is declared."""

    name: str
    type_name: str
    default: Any
    required: bool
    description: str
    sensitive: bool
    validations: tuple[Validation, ...] = ()


@dataclass(frozen=True)
class Resource:
    """A resource block: its arguments and the resources it needs first."""

    address: str
    type_name: str
    arguments: Mapping[str, Node]
    dependencies: frozenset[str]


@dataclass(frozen=True)
class Output:
    """An output block."""

    name: str
    value: Node
    description: str
    sensitive: bool
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Template:
    """A checked template, ready to render.

    ``addresses`` lists the resources in dependency order (dependencies first,
    ties in declaration order).
    """

    addresses: tuple[str, ...]
    resources: Mapping[str, Resource]
    variables: Mapping[str, Variable]
    locals: Mapping[str, Node]
    outputs: tuple[Output, ...]

    def resource_type(self, address: str) -> str:
        """Return the type of the resource at ``address`` (KeyError if unknown)."""
        return self.resources[address].type_name

    def dependencies(self, address: str) -> frozenset[str]:
        """Return the resources ``address`` refers to or names in ``depends_on``.

        References made through local values count as direct ones.
        """
        return self.resources[address].dependencies

    def variable_names(self) -> frozenset[str]:
        """Return the names of the declared variables."""
        return frozenset(self.variables)

    def sensitive_outputs(self) -> frozenset[str]:
        """Return the names of the outputs declared ``sensitive``."""
        return frozenset(output.name for output in self.outputs if output.sensitive)
