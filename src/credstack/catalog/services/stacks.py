"""Stacks: micro-credentials composed under a rule into a larger award, and progress in them.

A stack's rule says what completes it: all of its credentials, a number of them, or a credit
threshold. A rule that can never be met (five of three credentials, 30 credits from members
worth 20) is refused on save.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils.text import slugify

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, Role, User
from credstack.accounts.permissions import require_role
from credstack.problems import InvalidInput

from ..models import MicroCredential, Stack, StackMember


@dataclass
class StackInput:
    """A stack as a designer edits it: the rule and the ordered member credential ids."""

    title: str
    award_title: str
    rule: str = Stack.Rule.ALL_OF
    description: str = ""
    required_count: int | None = None
    credit_threshold: Decimal | None = None
    member_ids: list[int] = field(default_factory=list)
    elective_ids: list[int] = field(default_factory=list)


class StackProgress(NamedTuple):
    """How far an earner is through a stack: credentials (or credits) earned and required."""

    earned: int | Decimal
    required: int | Decimal
    complete: bool


def _validate(organisation: Organisation, data: StackInput) -> dict[int, MicroCredential]:
    if not data.title.strip() or not data.award_title.strip():
        raise InvalidInput("A stack needs a title and the title of the award it leads to.")
    if data.rule not in Stack.Rule.values:
        raise InvalidInput(
            f"rule: {data.rule!r} is not one of {', '.join(Stack.Rule.values)}.",
            code="STACK_RULE_INVALID",
        )
    ids = list(dict.fromkeys(data.member_ids))
    if not ids:
        raise InvalidInput("A stack needs at least one credential.", code="STACK_EMPTY")
    members = MicroCredential.objects.in_bulk(ids)
    foreign = [i for i in ids if i not in members or members[i].organisation_id != organisation.pk]
    if foreign:
        raise InvalidInput(
            f"member_ids: unknown credential(s) at this organisation: {foreign}.",
            code="STACK_MEMBER_UNKNOWN",
        )
    if data.rule == Stack.Rule.ALL_OF:
        if data.required_count is not None or data.credit_threshold is not None:
            raise InvalidInput(
                "An 'all of' stack takes neither a required count nor a credit threshold.",
                code="STACK_RULE_INVALID",
            )
    elif data.rule == Stack.Rule.N_OF:
        if data.credit_threshold is not None:
            raise InvalidInput(
                "An 'N of' stack takes no credit threshold.", code="STACK_RULE_INVALID"
            )
        if data.required_count is None or not 1 <= data.required_count <= len(ids):
            raise InvalidInput(
                f"required_count: choose between 1 and {len(ids)} (the number of credentials).",
                code="STACK_RULE_INVALID",
            )
    else:
        if data.required_count is not None:
            raise InvalidInput(
                "A credit-threshold stack takes no required count.", code="STACK_RULE_INVALID"
            )
        available = sum((m.credit_value or Decimal(0) for m in members.values()), Decimal(0))
        if data.credit_threshold is None or data.credit_threshold <= 0:
            raise InvalidInput(
                "credit_threshold: give a positive number of credits.", code="STACK_RULE_INVALID"
            )
        if data.credit_threshold > available:
            raise InvalidInput(
                f"credit_threshold: {data.credit_threshold} credits cannot be reached; the "
                f"credentials in the stack carry {available} in total.",
                code="STACK_RULE_INVALID",
            )
    return members


def _unique_slug(title: str, stack: Stack | None) -> str:
    base = slugify(title)[:100] or "stack"
    others = Stack.objects.filter(slug__startswith=base)
    if stack is not None and stack.pk is not None:
        others = others.exclude(pk=stack.pk)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_stack(
    actor: User, organisation: Organisation, data: StackInput, stack: Stack | None = None
) -> Stack:
    """Create or update a stack and its members (designers). Audited as ``catalog.stack.*``."""
    if stack is not None:
        organisation = stack.organisation
    require_role(actor, organisation, Role.DESIGNER)
    _validate(organisation, data)
    before = snapshot(stack) if stack is not None else None
    if stack is None:
        stack = Stack(organisation=organisation)
    stack.title = data.title.strip()
    stack.award_title = data.award_title.strip()
    stack.description = data.description
    stack.rule = data.rule
    stack.required_count = data.required_count
    stack.credit_threshold = data.credit_threshold
    if not stack.slug or (before and before["title"] != stack.title):
        stack.slug = _unique_slug(stack.title, stack if stack.pk else None)
    stack.save()
    electives = set(data.elective_ids)
    stack.memberships.all().delete()
    StackMember.objects.bulk_create(
        StackMember(stack=stack, credential_id=cid, position=i, is_core=cid not in electives)
        for i, cid in enumerate(dict.fromkeys(data.member_ids))
    )
    after = snapshot(stack) | {"members": list(dict.fromkeys(data.member_ids))}
    record(
        actor,
        "catalog.stack.updated" if before else "catalog.stack.created",
        stack,
        before=before,
        after=after,
    )
    return stack


@transaction.atomic
def delete_stack(actor: User, stack: Stack) -> None:
    """Delete a stack and its pathways (designers). Audited as ``catalog.stack.deleted``."""
    require_role(actor, stack.organisation_id, Role.DESIGNER)
    record(actor, "catalog.stack.deleted", stack, before=snapshot(stack))
    stack.delete()


def stack_progress(stack: Stack, earned_credential_ids: set[int] | list[int]) -> StackProgress:
    """How far the earner of ``earned_credential_ids`` is through ``stack``.

    Earned credentials count by lineage, so an award for version 1 of a product still counts
    after the stack moved to version 2. For "all of" and "N of" stacks the figures are numbers
    of credentials; for a credit-threshold stack they are credits (Decimal).
    """
    members = list(stack.memberships.values_list("credential__lineage", "credential__credit_value"))
    earned_lineages = set(
        MicroCredential.objects.filter(pk__in=list(earned_credential_ids)).values_list(
            "lineage", flat=True
        )
    )
    done = [credit for lineage, credit in members if lineage in earned_lineages]
    if stack.rule == Stack.Rule.CREDIT_THRESHOLD:
        credits = sum((c or Decimal(0) for c in done), Decimal(0))
        needed = stack.credit_threshold or Decimal(0)
        return StackProgress(credits, needed, credits >= needed)
    required = len(members) if stack.rule == Stack.Rule.ALL_OF else (stack.required_count or 0)
    return StackProgress(len(done), required, len(done) >= required)
