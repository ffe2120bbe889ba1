"""Coverage: which framework items the catalogue certifies, which none does, which too many do.

Counts are of distinct credential *products* (a credential's versions share a ``lineage``), so
versioning a credential does not make a skill look twice as covered; retired credentials do not
count. The report is built from a fixed number of queries whatever the framework's size: one
for the items, one for the (item, lineage) pairs, and the tree is walked in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from credstack.catalog.models import Lifecycle

from ..models import Alignment, Framework, FrameworkItem
from ..tree import in_tree_order


@dataclass
class ItemCoverage:
    item: FrameworkItem
    direct: int  # distinct credentials aligned to this item itself
    subtree: int  # distinct credentials aligned to it or anything under it


@dataclass
class DomainCoverage:
    domain: FrameworkItem | None  # None: items that sit at the root outside any domain
    items: int = 0
    covered: int = 0
    credentials: int = 0

    @property
    def uncovered(self) -> int:
        return self.items - self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.items) if self.items else 0


@dataclass
class CoverageReport:
    framework: Framework
    threshold: int
    items: list[ItemCoverage] = field(default_factory=list)
    domains: list[DomainCoverage] = field(default_factory=list)

    @property
    def uncovered(self) -> list[ItemCoverage]:
        """Items nothing covers: no credential aligned to them or to anything under them."""
        return [c for c in self.items if c.subtree == 0]

    @property
    def over_covered(self) -> list[ItemCoverage]:
        return [c for c in self.items if c.direct > self.threshold]

    @property
    def covered_count(self) -> int:
        return sum(1 for c in self.items if c.subtree > 0)


def coverage(framework: Framework, *, threshold: int | None = None) -> CoverageReport:
    """Report coverage of ``framework``; ``threshold`` overrides the framework's own setting."""
    limit = framework.over_coverage_threshold if threshold is None else threshold
    items = in_tree_order(list(framework.items.order_by("position", "code")))
    pairs = (
        Alignment.objects.filter(item__framework=framework)
        .exclude(credential__status=Lifecycle.RETIRED)
        .values_list("item_id", "credential__lineage")
        .distinct()
    )
    direct: dict[int, set[UUID]] = defaultdict(set)
    for item_id, lineage in pairs:
        direct[item_id].add(lineage)

    by_id = {item.pk: item for item in items}
    subtree: dict[int, set[UUID]] = {item.pk: set(direct.get(item.pk, ())) for item in items}
    # Children before parents: sort by depth, deepest first, then fold each set into its parent.
    depth = {item.pk: _depth(item, by_id) for item in items}
    for item in sorted(items, key=lambda i: depth[i.pk], reverse=True):
        if item.parent_id in subtree:
            subtree[item.parent_id] |= subtree[item.pk]

    report = CoverageReport(framework=framework, threshold=limit)
    report.items = [
        ItemCoverage(item=i, direct=len(direct.get(i.pk, ())), subtree=len(subtree[i.pk]))
        for i in items
    ]
    report.domains = _per_domain(items, by_id, direct, subtree)
    return report


def _per_domain(
    items: list[FrameworkItem],
    by_id: dict[int, FrameworkItem],
    direct: dict[int, set[UUID]],
    subtree: dict[int, set[UUID]],
) -> list[DomainCoverage]:
    rows: dict[int | None, DomainCoverage] = {}
    loose: set[UUID] = set()  # credentials aligned to root items outside any domain
    for item in items:
        root = _root(item, by_id)
        key = root.pk if root.kind == FrameworkItem.Kind.DOMAIN else None
        if key not in rows:
            rows[key] = DomainCoverage(domain=root if key is not None else None)
        row = rows[key]
        if item.pk == key:
            row.credentials = len(subtree[item.pk])
            continue
        row.items += 1
        row.covered += int(bool(subtree[item.pk]))
        if key is None:
            loose |= direct.get(item.pk, set())
    if None in rows:
        rows[None].credentials = len(loose)
    return list(rows.values())


def _root(item: FrameworkItem, by_id: dict[int, FrameworkItem]) -> FrameworkItem:
    current, steps = item, 0
    while current.parent_id in by_id and steps < len(by_id):
        current, steps = by_id[current.parent_id], steps + 1  # type: ignore[index]
    return current


def _depth(item: FrameworkItem, by_id: dict[int, FrameworkItem]) -> int:
    depth, current = 0, item
    while current.parent_id in by_id and depth < len(by_id):
        current, depth = by_id[current.parent_id], depth + 1  # type: ignore[index]
    return depth
