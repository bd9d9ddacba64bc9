"""Orders of work over a stack's resources."""

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
