"""Prerequisite graphs: cycles are refused on save and detected in stored data.

A prerequisite cycle (A needs B, B needs A) makes every credential on it impossible to start,
so :func:`check_prerequisites` refuses a save that would close one and names the cycle. The
pathway analysis runs :func:`find_cycles` over the whole stored graph in case data arrived by
another route (imports, the admin).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Q

from credstack.problems import InvalidInput

from ..models import MicroCredential

Graph = Mapping[int, Iterable[int]]


def find_cycles(graph: Graph) -> list[list[int]]:
    """Return every cycle of ``graph`` (node → the nodes it requires) as a list of node ids.

    Tarjan's strongly connected components, written iteratively so that a chain of 10,000
    prerequisites does not exhaust Python's recursion limit. Each component with more than one
    node, or a node requiring itself, is a cycle; nodes are listed in a stable order.
    """
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    cycles: list[list[int]] = []
    counter = 0
    adjacency = {node: list(targets) for node, targets in graph.items()}

    for root in sorted(adjacency):
        if root in index:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            node, child_pos = work.pop()
            if child_pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = adjacency.get(node, [])
            if child_pos < len(children):
                work.append((node, child_pos + 1))
                child = children[child_pos]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in adjacency.get(node, []):
                    cycles.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(cycles)


def _path(graph: Graph, start: int, goal: int) -> list[int] | None:
    """A path of requirements from ``start`` to ``goal`` (breadth first), or None."""
    previous: dict[int, int | None] = {start: None}
    frontier = [start]
    while frontier:
        following: list[int] = []
        for node in frontier:
            for nxt in graph.get(node, ()):
                if nxt in previous:
                    continue
                previous[nxt] = node
                if nxt == goal:
                    path = [goal]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])  # type: ignore[arg-type]
                    return list(reversed(path))
                following.append(nxt)
        frontier = following
    return None


def check_prerequisites(credential: MicroCredential, prerequisite_ids: list[int]) -> None:
    """Refuse prerequisites that are unknown, from another organisation, or close a cycle.

    Raises :class:`InvalidInput` with code ``PREREQUISITE_CYCLE`` naming the credentials on the
    cycle in order (``DATA-201 → DATA-101 → DATA-201``).
    """
    wanted = set(prerequisite_ids)
    if credential.pk is not None and credential.pk in wanted:
        raise InvalidInput(
            f"{credential.code} cannot be a prerequisite of itself.", code="PREREQUISITE_CYCLE"
        )
    found = dict(
        MicroCredential.objects.filter(
            pk__in=wanted, organisation_id=credential.organisation_id
        ).values_list("pk", "code")
    )
    missing = wanted - set(found)
    if missing:
        raise InvalidInput(
            f"Unknown prerequisite credential(s) at this organisation: {sorted(missing)}.",
            code="PREREQUISITE_UNKNOWN",
        )
    if credential.pk is None or not wanted:
        return
    # The organisation's whole prerequisite graph in one query, with the proposed edges.
    graph: dict[int, set[int]] = {}
    through = MicroCredential.prerequisites.through.objects.filter(
        Q(from_microcredential__organisation_id=credential.organisation_id)
    ).values_list("from_microcredential_id", "to_microcredential_id")
    for source, target in through:
        if source != credential.pk:
            graph.setdefault(source, set()).add(target)
    graph[credential.pk] = wanted
    for prerequisite in sorted(wanted):
        back = _path(graph, prerequisite, credential.pk)
        if back is not None:
            ids = [credential.pk, *back]
            codes = dict(MicroCredential.objects.filter(pk__in=ids).values_list("pk", "code"))
            names = " → ".join(codes.get(i, str(i)) for i in ids)
            raise InvalidInput(
                f"These prerequisites would make a cycle: {names}. Remove one of them.",
                code="PREREQUISITE_CYCLE",
            )
