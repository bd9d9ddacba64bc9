"""Dependency order and cycle detection over resources and local values."""

import heapq
from collections.abc import Mapping, Sequence


def find_cycle(edges: Mapping[str, frozenset[str]]) -> list[str] | None:
    """Return the nodes of one cycle in ``edges``, or None when there is none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(edges.get(node, frozenset())):
            if state.get(target) == "open":
                return path[path.index(target) :]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in edges:
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def reach_through(
    edges: Mapping[str, frozenset[str]], start: str, passable: frozenset[str]
) -> frozenset[str]:
    """Return the nodes reached from ``start``, walking on through ``passable`` ones.

    Used to see resources that a resource reaches through local values; the
    passable nodes themselves are left out.
    """
    reached: set[str] = set()
    pending = list(edges.get(start, frozenset()))
    seen: set[str] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in passable:
            pending.extend(edges.get(node, frozenset()))
        else:
            reached.add(node)
    return frozenset(reached)


def topological_order(
    nodes: Sequence[str], dependencies: Mapping[str, frozenset[str]]
) -> tuple[str, ...]:
    """Order ``nodes`` so each comes after its dependencies.

    Among nodes that are ready together, the one listed first in ``nodes`` goes
    first, so the order is stable. The graph must have no cycle.
    """
    position = {node: index for index, node in enumerate(nodes)}
    waiting = {node: len(dependencies[node]) for node in nodes}
    dependents: dict[str, list[str]] = {node: [] for node in nodes}
    for node in nodes:
        for dependency in dependencies[node]:
            dependents[dependency].append(node)

    ready = [position[node] for node in nodes if waiting[node] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        node = nodes[heapq.heappop(ready)]
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, position[dependent])
    return tuple(order)
