"""The parsed form of a template.

A :class:`Template` holds expression trees and never changes after loading, so
one instance may sit in a cache and be shared between threads. Addresses are
absolute: a resource of a child module is ``module.<name>.<type>.<name>``, a
data source ``data.<type>.<name>``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from formation.templates.addresses import resource_of
from formation.templates.syntax import Node
from formation.templates.types import Type


@dataclass(frozen=True)
class Condition:
    """A ``validation``, ``precondition`` or ``postcondition`` block."""

    condition: Node
    error_message: Node | None


Validation = Condition


@dataclass(frozen=True)
class Variable:
    """A declared input variable; its type is ``any`` when none is declared."""

    name: str
    type: Type
    default: Any
    required: bool
    description: str
    sensitive: bool
    validations: tuple[Condition, ...] = ()
    nullable: bool = True

    @property
    def type_name(self) -> str:
        """Return the kind of the type constraint, e.g. "list" or "string"."""
        return self.type.kind


@dataclass(frozen=True)
class LifecycleSpec:
    """A ``lifecycle`` block as declared."""

    create_before_destroy: bool = False
    prevent_destroy: bool = False
    ignore_changes: frozenset[str] | Literal["all"] = frozenset()
    replace_triggered_by: tuple[tuple[str, Node], ...] = ()
    preconditions: tuple[Condition, ...] = ()
    postconditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class ProvisionerSpec:
    """A ``provisioner`` block: its type, when it runs and its arguments."""

    type: str
    when: str
    on_failure: str
    arguments: Mapping[str, Node]


@dataclass(frozen=True)
class Resource:
    """A resource or data block: arguments, meta-arguments, dependencies.

    ``dependencies`` are the absolute addresses of the resources and data
    sources it refers to (through locals, module inputs and outputs too) or
    names in ``depends_on``.
    """

    address: str
    type_name: str
    arguments: Mapping[str, Node]
    dependencies: frozenset[str]
    mode: str = "managed"
    name: str = ""
    module: str = ""
    count: Node | None = None
    for_each: Node | None = None
    lifecycle: LifecycleSpec = field(default_factory=LifecycleSpec)
    provisioners: tuple[ProvisionerSpec, ...] = ()


@dataclass(frozen=True)
class Output:
    """An output block."""

    name: str
    value: Node
    description: str
    sensitive: bool
    depends_on: tuple[str, ...] = ()
    preconditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class ModuleCall:
    """A ``module`` block: its source folder and input expressions."""

    name: str
    source: str
    arguments: Mapping[str, Node]
    depends_on: tuple[str, ...]
    prefix: str


@dataclass(frozen=True)
class Module:
    """One module of a template: the root (prefix "") or a local child module.

    ``prefix`` starts every address inside it (``module.a.`` for module a);
    ``directory`` is its folder relative to the root (``.`` for the root).
    """

    prefix: str
    directory: str
    variables: Mapping[str, Variable]
    locals: Mapping[str, Node]
    outputs: tuple[Output, ...]
    calls: Mapping[str, ModuleCall]
    parent: str | None = None


@dataclass(frozen=True, eq=False)
class Template:
    """A checked template, ready to plan and render.

    ``addresses`` lists the managed resources in dependency order (dependencies
    first, ties in declaration order); ``order`` lists managed resources and
    data sources together in that order.
    """

    addresses: tuple[str, ...]
    resources: Mapping[str, Resource]
    variables: Mapping[str, Variable]
    locals: Mapping[str, Node]
    outputs: tuple[Output, ...]
    modules: Mapping[str, Module] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()

    def resource_type(self, address: str) -> str:
        """Return the type of the resource at ``address`` (KeyError if unknown).

        ``address`` may name a resource or one of its instances.
        """
        return self.resources[resource_of(address)].type_name

    def dependencies(self, address: str) -> frozenset[str]:
        """Return the resources ``address`` refers to or names in ``depends_on``.

        References made through local values count as direct ones.
        """
        return self.resources[resource_of(address)].dependencies

    def variable_names(self) -> frozenset[str]:
        """Return the names of the declared variables."""
        return frozenset(self.variables)

    def sensitive_outputs(self) -> frozenset[str]:
        """Return the names of the outputs declared ``sensitive``."""
        return frozenset(output.name for output in self.outputs if output.sensitive)

    def module(self, prefix: str) -> Module:
        """Return the module whose addresses start with ``prefix``."""
        return self.modules[prefix]
