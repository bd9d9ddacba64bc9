"""The provider interface: what every resource type implements."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar


class ProviderError(Exception):
    """Raised by create/delete when the resource cannot be made or removed.

    The message says why, in words meant for the stack's events.
    """


class ConfigError(Exception):
    """Raised by check() for an argument that can never work (request-time 400)."""


@dataclass(frozen=True)
class ProviderContext:
    """Where and for whom a provider call runs.

    ``workspace`` is the stack's folder, ``$FORMATION_WORKSPACE/<project>/<stack>/``;
    it may not exist yet.
    """

    workspace: Path
    address: str
    deployment_id: str


class Provider(ABC):
    """One resource type.

    ``arguments`` lists the accepted argument names (None accepts any) and
    ``required`` those that must be set; the base :meth:`check` enforces both.
    """

    type_name: ClassVar[str]
    id_attribute: ClassVar[str] = "id"
    sensitive_attributes: ClassVar[frozenset[str]] = frozenset()
    arguments: ClassVar[frozenset[str] | None] = None
    required: ClassVar[frozenset[str]] = frozenset()
    # The arguments whose change replaces the resource; None means every one,
    # so update() is never called. The others change in place via update().
    replace_on: ClassVar[frozenset[str] | None] = None

    def check(self, config: Mapping[str, Any]) -> None:
        """Validate the arguments known before deployment; raise ConfigError.

        ``config`` may be partial: arguments that depend on other resources are
        absent, and named in its ``pending`` attribute when it has one.
        """
        pending = frozenset(getattr(config, "pending", ()))
        if self.arguments is not None:
            for name in sorted({*config, *pending} - self.arguments):
                raise ConfigError(f'{self.type_name}: unexpected argument "{name}"')
        for name in sorted(self.required - pending):
            if config.get(name) is None:
                raise ConfigError(f'{self.type_name}: argument "{name}" is required')

    @abstractmethod
    def create(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        """Make the resource and return all its attributes, the id included.

        May run again for the same address after a crash, so it must be safe
        to repeat.
        """

    def update(
        self,
        previous: Mapping[str, Any],
        config: Mapping[str, Any],
        ctx: ProviderContext,
    ) -> dict[str, Any]:
        """Change the resource in place and return all its new attributes.

        ``previous`` are the attributes in the state, ``config`` the new
        arguments; only arguments outside :attr:`replace_on` differ. Called
        only when ``replace_on`` is not None. Safe to repeat.
        """
        raise NotImplementedError(f"{self.type_name} has no in-place update")

    def needs_replacement(self, attributes: Mapping[str, Any]) -> bool:
        """Tell whether the resource must be replaced whatever its arguments.

        Terraform's providers may drop a resource from the state when they
        read it (a time_rotating past its rotation time); a plan then
        re-creates it. The default never does.
        """
        return False

    def delete(self, attributes: Mapping[str, Any], ctx: ProviderContext) -> None:
        """Remove the resource; removing what is already gone is fine.

        The default suits resources that exist only in the stack's state.
        """
        return None

    def verify(self, config: Mapping[str, Any]) -> None:
        """Run :meth:`check` on a complete config at create time.

        A problem is reported as :class:`ProviderError`, as create() must.
        """
        try:
            self.check(config)
        except ConfigError as error:
            raise ProviderError(str(error)) from error


class DataSource(ABC):
    """One data source type: reads something that exists, changes nothing.

    ``arguments`` and ``required`` work as for :class:`Provider`.
    """

    type_name: ClassVar[str]
    sensitive_attributes: ClassVar[frozenset[str]] = frozenset()
    arguments: ClassVar[frozenset[str] | None] = None
    required: ClassVar[frozenset[str]] = frozenset()

    def check(self, config: Mapping[str, Any]) -> None:
        """Validate the arguments known before deployment; raise ConfigError."""
        pending = frozenset(getattr(config, "pending", ()))
        if self.arguments is not None:
            for name in sorted({*config, *pending} - self.arguments):
                raise ConfigError(
                    f'data.{self.type_name}: unexpected argument "{name}"'
                )
        for name in sorted(self.required - pending):
            if config.get(name) is None:
                raise ConfigError(
                    f'data.{self.type_name}: argument "{name}" is required'
                )

    @abstractmethod
    def read(self, config: Mapping[str, Any], ctx: ProviderContext) -> dict[str, Any]:
        """Return the data source's attributes; ProviderError when it cannot.

        Read again at every deployment; never changes anything.
        """
