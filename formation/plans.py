"""Orders of work over a stack's resources, and the parts of an address."""

import re
from collections.abc import Mapping
from graphlib import TopologicalSorter

from formation.records import Resource


def destroy_order(resources: Mapping[str, Resource]) -> list[str]:
    """Addresses with every resource before the ones it depends on.

    Dependencies outside ``resources`` are ignored; ties keep address order so
    the order is stable.
    """
    graph = {
        address: [d for d in r.dependencies if d in resources]
        for address, r in sorted(resources.items())
    }
    return list(reversed(list(TopologicalSorter(graph).static_order())))


def deployment_steps(planned: list[str], held: Mapping[str, Resource]) -> list[str]:
    """A deployment's steps: the ``planned`` instances in dependency order, then
    a destroy step (``-address``) for each instance the stack holds that the
    plan no longer has, dependents first.
    """
    wanted = set(planned)
    orphans = {a: r for a, r in held.items() if a not in wanted}
    return planned + ["-" + a for a in destroy_order(orphans)]


_ADDRESS = re.compile(
    r"^(?:module\.[^.]+\.)*(?:data\.)?(?P<type>[^.\[]+)\.(?P<name>[^.\[]+)"
    r"(?:\[(?P<key>.*)\])?$"
)


def split_address(address: str) -> tuple[str, str, str]:
    """(type, name, key) of ``module.m.random_id.a["k"]``: random_id, a, k."""
    found = _ADDRESS.match(address)
    if found is None:
        return address, address, ""
    key = (found["key"] or "").strip('"')
    return found["type"], found["name"], key
