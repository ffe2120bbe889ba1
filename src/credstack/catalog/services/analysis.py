"""Pathway analysis: orphans, dead ends, prerequisite cycles and overlapping products.

The guide warns against "inadvertently creating dead-end pathways or orphan products". This
module reads an organisation's whole constellation in a fixed handful of bulk queries (no
query per credential) and computes the findings in memory, so it stays fast at 10,000
credentials.

Definitions used (documented in docs/catalog.md):
- orphan: in no stack and on no pathway (neither as source nor destination);
- dead end: no pathway out of it, no credential that requires it, and in no stack that leads
  to an award;
- cycle: a strongly connected set of credentials in the prerequisite graph;
- overlap: two products of different lineages whose aligned skills have a Jaccard index
  (shared skills divided by all skills of the two) at or above the threshold.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from math import ceil

from credstack.accounts.models import Organisation
from credstack.skills.models import Alignment

from ..models import Lifecycle, MicroCredential, Pathway, Stack, StackMember
from .prerequisites import find_cycles

DEFAULT_OVERLAP_THRESHOLD = 0.6


@dataclass
class CredentialNode:
    id: int
    code: str
    title: str
    status: str
    version: int
    level_rank: int | None
    lineage: str
    stack_ids: list[int] = field(default_factory=list)


@dataclass
class StackNode:
    id: int
    title: str
    award_title: str
    rule: str


@dataclass
class PathwayEdge:
    id: int
    title: str
    from_credential: int | None
    from_stack: int | None
    to_credential: int | None
    to_stack: int | None
    external_award: str
    external_institution: str
    credit_granted: str | None


@dataclass
class Overlap:
    first: int
    second: int
    score: float
    shared: int


@dataclass
class PathwayAnalysis:
    """The findings over one organisation's current (non-retired) credentials."""

    credentials: dict[int, CredentialNode]
    stacks: dict[int, StackNode]
    prerequisites: list[tuple[int, int]]  # (credential, the credential it requires)
    pathways: list[PathwayEdge]
    orphans: list[int]
    dead_ends: list[int]
    cycles: list[list[int]]
    overlaps: list[Overlap]
    threshold: float

    def codes(self, ids: list[int]) -> list[str]:
        return [self.credentials[i].code for i in ids if i in self.credentials]


def _overlaps(
    items_by_credential: dict[int, set[int]], lineage: dict[int, str], threshold: float
) -> list[Overlap]:
    """Pairs whose skill sets have a Jaccard index at or above ``threshold``.

    A similarity self-join after PPJoin (Xiao, Wang, Lin and Yu, "Efficient similarity joins
    for near duplicate detection", WWW 2008). Every set's skills are ordered rarest first and
    sets are visited smallest first. Two sets with J(A, B) >= t share at least
    alpha = ceil(t / (1 + t) * (|A| + |B|)) skills, so:
    - a set probes the index with its first |A| - ceil(t|A|) + 1 skills (prefix filter),
    - and is indexed on only its first |A| - ceil(2t / (1 + t) |A|) + 1 (later sets are no
      smaller, so the pair's first common skill falls in this shorter prefix);
    - a match at positions i and j is kept only if 1 + min(|A| - i - 1, |B| - j - 1) >= alpha
      (positional filter), and sizes must satisfy |B| >= t|A|.
    Survivors are verified exactly. Work follows the number of plausible pairs, not the square
    of the catalogue.
    """
    eps = 1e-9
    frequency: Counter[int] = Counter()
    for items in items_by_credential.values():
        frequency.update(items)
    sizes = {c: len(items) for c, items in items_by_credential.items()}
    # alpha - 1 for each pair of sizes, computed once per pair (sizes are small numbers).
    needed: dict[tuple[int, int], int] = {}
    # index[item] = [(credential, its size, skills after this one in its order)]
    index: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    found: list[Overlap] = []
    for credential in sorted(items_by_credential, key=lambda c: (sizes[c], c)):
        items = items_by_credential[credential]
        size = sizes[credential]
        if size == 0:
            continue
        ordered = sorted(items, key=lambda i: (frequency[i], i))
        probe = size - ceil(threshold * size - eps) + 1
        indexed = size - ceil(2 * threshold / (1 + threshold) * size - eps) + 1
        smallest = threshold * size - eps
        candidates: set[int] = set()
        for i, item in enumerate(ordered[:probe]):
            rest = size - i - 1
            for other, their_size, their_rest in index[item]:
                if their_size < smallest or other in candidates:
                    continue
                key = (size, their_size)
                need = needed.get(key)
                if need is None:
                    need = needed[key] = (
                        ceil(threshold / (1 + threshold) * (size + their_size) - eps) - 1
                    )
                if (rest if rest < their_rest else their_rest) >= need:
                    candidates.add(other)
        for other in candidates:
            if lineage[other] == lineage[credential]:
                continue
            theirs = items_by_credential[other]
            common = len(items & theirs)
            score = common / (size + sizes[other] - common)
            if score >= threshold - eps:
                first, second = sorted((credential, other))
                found.append(Overlap(first, second, round(score, 3), common))
        for j, item in enumerate(ordered[: max(indexed, 1)]):
            index[item].append((credential, size, size - j - 1))
    return sorted(found, key=lambda o: (-o.score, o.first, o.second))


def analyse_pathways(
    organisation: Organisation, *, threshold: float = DEFAULT_OVERLAP_THRESHOLD
) -> PathwayAnalysis:
    """Analyse ``organisation``'s constellation in six bulk queries."""
    current = MicroCredential.objects.filter(organisation=organisation).exclude(
        status=Lifecycle.RETIRED
    )
    credentials = {
        row["id"]: CredentialNode(
            id=row["id"],
            code=row["code"],
            title=row["title"],
            status=row["status"],
            version=row["version"],
            level_rank=row["level__rank"],
            lineage=str(row["lineage"]),
        )
        for row in current.values(
            "id", "code", "title", "status", "version", "level__rank", "lineage"
        ).order_by("code", "version")
    }
    stacks = {
        s["id"]: StackNode(s["id"], s["title"], s["award_title"], s["rule"])
        for s in Stack.objects.filter(organisation=organisation)
        .values("id", "title", "award_title", "rule")
        .order_by("title", "id")
    }
    for credential_id, stack_id in (
        StackMember.objects.filter(stack__organisation=organisation)
        .values_list("credential_id", "stack_id")
        .order_by("stack_id", "position")
    ):
        if credential_id in credentials:
            credentials[credential_id].stack_ids.append(stack_id)
    prerequisites = [
        (source, target)
        for source, target in MicroCredential.prerequisites.through.objects.filter(
            from_microcredential__organisation=organisation
        ).values_list("from_microcredential_id", "to_microcredential_id")
        if source in credentials and target in credentials
    ]
    pathways = [
        PathwayEdge(
            id=p["id"],
            title=p["title"],
            from_credential=p["from_credential_id"],
            from_stack=p["from_stack_id"],
            to_credential=p["to_credential_id"],
            to_stack=p["to_stack_id"],
            external_award=p["external_award"],
            external_institution=p["external_institution"],
            credit_granted=str(p["credit_granted"]) if p["credit_granted"] is not None else None,
        )
        for p in Pathway.objects.filter(organisation=organisation)
        .values(
            "id",
            "title",
            "from_credential_id",
            "from_stack_id",
            "to_credential_id",
            "to_stack_id",
            "external_award",
            "external_institution",
            "credit_granted",
        )
        .order_by("title", "id")
    ]
    items: dict[int, set[int]] = defaultdict(set)
    for credential_id, item_id in Alignment.objects.filter(
        credential__organisation=organisation
    ).values_list("credential_id", "item_id"):
        if credential_id in credentials:
            items[credential_id].add(item_id)

    on_pathway = {p.from_credential for p in pathways} | {p.to_credential for p in pathways}
    leads_on = {p.from_credential for p in pathways}
    required_by_others = {target for _, target in prerequisites}
    award_stacks = {s.id for s in stacks.values() if s.award_title.strip()}
    orphans = [c.id for c in credentials.values() if not c.stack_ids and c.id not in on_pathway]
    dead_ends = [
        c.id
        for c in credentials.values()
        if c.id not in leads_on
        and c.id not in required_by_others
        and not award_stacks.intersection(c.stack_ids)
    ]
    graph: dict[int, list[int]] = defaultdict(list)
    for source, target in prerequisites:
        graph[source].append(target)
    return PathwayAnalysis(
        credentials=credentials,
        stacks=stacks,
        prerequisites=prerequisites,
        pathways=pathways,
        orphans=orphans,
        dead_ends=dead_ends,
        cycles=find_cycles(graph),
        overlaps=_overlaps(items, {c.id: c.lineage for c in credentials.values()}, threshold),
        threshold=threshold,
    )
