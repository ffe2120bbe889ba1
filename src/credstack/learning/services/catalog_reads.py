"""Read-only questions the learning app asks of the catalogue and the skills framework.

The catalog and skills apps own these models; when this was written they had no service
functions for "where does this lead", "how far along a stack am I" or "what shares skills with
this", so these thin queries read their models and never write. Swap each body for the owning
app's service once it offers one; the signatures are what learning's pages rely on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.db.models import Count, Prefetch, Q

from credstack.catalog.models import Lifecycle, MicroCredential, Pathway, Stack, StackMember
from credstack.skills.models import Alignment


class Step(TypedDict):
    """One onward step from a credential: a stack it counts toward, or a pathway."""

    kind: str  # "stack" | "credential" | "external"
    title: str
    detail: str
    credential_id: int | None


def leads_to(credential: MicroCredential) -> list[Step]:
    """Where ``credential`` leads: the stacks it belongs to and its outbound pathways."""
    steps: list[Step] = []
    for stack in Stack.objects.filter(memberships__credential=credential).distinct():
        steps.append(
            {
                "kind": "stack",
                "title": stack.award_title,
                "detail": stack.title,
                "credential_id": None,
            }
        )
    pathways = Pathway.objects.filter(from_credential=credential).select_related(
        "to_credential", "to_stack"
    )
    for p in pathways:
        if p.to_credential is not None:
            steps.append(
                {
                    "kind": "credential",
                    "title": p.to_credential.title,
                    "detail": p.title,
                    "credential_id": p.to_credential_id,
                }
            )
        elif p.to_stack is not None:
            steps.append(
                {
                    "kind": "stack",
                    "title": p.to_stack.award_title,
                    "detail": p.title,
                    "credential_id": None,
                }
            )
        else:
            credit = f" ({p.credit_granted.normalize():f} credits)" if p.credit_granted else ""
            steps.append(
                {
                    "kind": "external",
                    "title": p.external_award,
                    "detail": f"{p.external_institution}{credit}",
                    "credential_id": None,
                }
            )
    return steps


def published_credentials(ids: list[int]) -> list[MicroCredential]:
    """The published credentials among ``ids``, in the order given, with what a comparison shows."""
    found = {
        c.pk: c
        for c in MicroCredential.objects.filter(pk__in=ids, status=Lifecycle.PUBLISHED)
        .select_related("organisation", "level")
        .prefetch_related("outcomes", "prerequisites", "alignments__item", "offerings")
    }
    return [found[i] for i in ids if i in found]


@dataclass
class StackProgress:
    """How far a learner is toward a stack's award ("2 of 3 toward ...")."""

    stack_title: str
    award_title: str
    done: int
    needed: int
    unit: str  # "credentials" or "credits"
    remaining: list[MicroCredential] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.needed)) if self.needed else 100


def stack_progress(credential_ids: set[int], held_lineages: set[str]) -> list[StackProgress]:
    """Progress toward every stack containing any of ``credential_ids`` (two queries)."""
    if not credential_ids:
        return []
    stacks = (
        Stack.objects.filter(memberships__credential_id__in=credential_ids)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=StackMember.objects.select_related("credential").order_by("position"),
            )
        )
    )
    result: list[StackProgress] = []
    for stack in stacks:
        members = [m.credential for m in stack.memberships.all()]
        held = [c for c in members if str(c.lineage) in held_lineages]
        remaining = [c for c in members if str(c.lineage) not in held_lineages]
        if stack.rule == Stack.Rule.CREDIT_THRESHOLD and stack.credit_threshold:
            done_credit = sum((c.credit_value or Decimal(0) for c in held), Decimal(0))
            result.append(
                StackProgress(
                    stack.title,
                    stack.award_title,
                    int(done_credit),
                    int(stack.credit_threshold),
                    "credits",
                    remaining,
                )
            )
            continue
        needed = (
            stack.required_count
            if stack.rule == Stack.Rule.N_OF and stack.required_count
            else len(members)
        )
        result.append(
            StackProgress(
                stack.title,
                stack.award_title,
                min(len(held), needed),
                needed,
                "credentials",
                remaining,
            )
        )
    return result


def shared_skill_recommendations(
    credential: MicroCredential, exclude_lineages: set[str], *, limit: int = 3
) -> list[MicroCredential]:
    """Published credentials sharing the most framework items with ``credential`` (Alignment overlap)."""
    items = Alignment.objects.filter(credential=credential).values("item_id")
    by_credential: dict[int, int] = defaultdict(int)
    rows = (
        Alignment.objects.filter(item_id__in=items, credential__status=Lifecycle.PUBLISHED)
        .exclude(credential_id=credential.pk)
        .values("credential_id")
        .annotate(shared=Count("item_id"))
    )
    for row in rows:
        by_credential[row["credential_id"]] = row["shared"]
    candidates = MicroCredential.objects.filter(pk__in=by_credential).exclude(
        Q(lineage=credential.lineage) | Q(lineage__in=list(exclude_lineages))
    )
    ranked = sorted(candidates, key=lambda c: (-by_credential[c.pk], c.title))
    return ranked[:limit]
