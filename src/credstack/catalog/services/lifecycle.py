"""The product lifecycle: draft → in review → approved → published → retired.

Each transition is one transaction that locks the credential row, records a
:class:`LifecycleEvent` (with the reviewer's comment and checklist) and an audit entry
``catalog.credential.<verb>``. Approval follows the four-eyes principle: a QA/release manager
who is not the product's author.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.accounts.models import Role, User
from credstack.accounts.permissions import require_role
from credstack.problems import Conflict, Forbidden, InvalidInput

from ..models import Lifecycle, LifecycleEvent, MicroCredential, Pathway, StackMember
from .review import alignment_matrix, validate_answers

MAX_COMMENT = 5000


def _lock(credential: MicroCredential, *expected: str) -> MicroCredential:
    locked = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    if locked.status not in expected:
        allowed = " or ".join(Lifecycle(s).label.lower() for s in expected)
        raise Conflict(
            f"{locked.code} v{locked.version} is {locked.get_status_display().lower()}; "
            f"this step needs it to be {allowed}.",
            code="INVALID_TRANSITION",
        )
    return locked


def _move(
    actor: User | None,
    credential: MicroCredential,
    to_status: str,
    verb: str,
    *,
    comment: str = "",
    checklist: dict[str, Any] | None = None,
    waiver: str = "",
) -> MicroCredential:
    if len(comment) > MAX_COMMENT or len(waiver) > MAX_COMMENT:
        raise InvalidInput(f"Keep comments under {MAX_COMMENT} characters.")
    before = {"status": credential.status}
    LifecycleEvent.objects.create(
        credential=credential,
        from_status=credential.status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        comment=comment,
        checklist=checklist or {},
        alignment_waiver=waiver,
    )
    credential.status = to_status
    now = timezone.now()
    if to_status == Lifecycle.PUBLISHED:
        credential.published_at = now
    if to_status == Lifecycle.RETIRED:
        credential.retired_at = now
    credential.save(update_fields=["status", "published_at", "retired_at", "updated_at"])
    record(
        actor,
        f"catalog.credential.{verb}",
        credential,
        before=before,
        after={"status": to_status},
        note=comment,
    )
    return credential


@transaction.atomic
def submit_for_review(
    actor: User, credential: MicroCredential, comment: str = ""
) -> MicroCredential:
    """Send a draft to QA review (designers). It needs at least one outcome and criterion."""
    require_role(actor, credential.organisation_id, Role.DESIGNER)
    credential = _lock(credential, Lifecycle.DRAFT)
    if not credential.outcomes.exists() or not credential.criteria.exists():
        raise InvalidInput(
            "Add at least one learning outcome and one assessment criterion before review.",
            code="INCOMPLETE_PRODUCT",
        )
    return _move(actor, credential, Lifecycle.IN_REVIEW, "submitted", comment=comment.strip())


@transaction.atomic
def withdraw_from_review(
    actor: User, credential: MicroCredential, comment: str = ""
) -> MicroCredential:
    """The designer takes a product back from review to keep editing it."""
    require_role(actor, credential.organisation_id, Role.DESIGNER)
    credential = _lock(credential, Lifecycle.IN_REVIEW)
    return _move(actor, credential, Lifecycle.DRAFT, "withdrawn", comment=comment.strip())


@transaction.atomic
def request_changes(actor: User, credential: MicroCredential, comment: str) -> MicroCredential:
    """A QA manager returns a product in review (or approved) to draft, saying what to change."""
    require_role(actor, credential.organisation_id, Role.QA_MANAGER)
    credential = _lock(credential, Lifecycle.IN_REVIEW, Lifecycle.APPROVED)
    if not comment.strip():
        raise InvalidInput("Say what needs to change.", code="COMMENT_REQUIRED")
    return _move(actor, credential, Lifecycle.DRAFT, "changes_requested", comment=comment.strip())


@transaction.atomic
def approve(
    actor: User,
    credential: MicroCredential,
    *,
    checklist: dict[str, Any],
    comment: str = "",
    waiver: str = "",
) -> MicroCredential:
    """Approve a product in review: four eyes, a completed checklist, alignment or a waiver.

    Refused with ``FOUR_EYES`` when the approver is the author, ``CHECKLIST_INCOMPLETE`` when
    a check is unanswered, and ``ALIGNMENT_GAPS`` when outcomes or criteria are unaligned and
    no waiver text explains why the product may go ahead anyway.
    """
    require_role(actor, credential.organisation_id, Role.QA_MANAGER)
    credential = _lock(credential, Lifecycle.IN_REVIEW)
    if credential.author_id == actor.pk:
        raise Forbidden(
            "You wrote this credential, so another QA/release manager must approve it.",
            code="FOUR_EYES",
        )
    answers = validate_answers(credential.organisation_id, checklist)
    matrix = alignment_matrix(credential)
    waiver = waiver.strip()
    if matrix.has_gaps and not waiver:
        raise InvalidInput(
            "Constructive alignment has gaps: "
            + " ".join(matrix.describe_gaps())
            + " Fix them, or record a waiver saying why approval is justified.",
            code="ALIGNMENT_GAPS",
        )
    return _move(
        actor,
        credential,
        Lifecycle.APPROVED,
        "approved",
        comment=comment.strip(),
        checklist=answers,
        waiver=waiver if matrix.has_gaps else "",
    )


def _supersede(actor: User, new: MicroCredential) -> None:
    """Retire the published versions a new version replaces and move the structure over."""
    older = list(
        MicroCredential.objects.select_for_update().filter(
            lineage=new.lineage, status=Lifecycle.PUBLISHED, version__lt=new.version
        )
    )
    for old in older:
        _move(
            actor,
            old,
            Lifecycle.RETIRED,
            "superseded",
            comment=f"Superseded by version {new.version}.",
        )
        # Stacks and pathways describe the programme, not one version's text: they follow the
        # product to its current version so the catalogue's structure does not break.
        for member in StackMember.objects.filter(credential=old):
            if not StackMember.objects.filter(stack_id=member.stack_id, credential=new).exists():
                member.credential = new
                member.save(update_fields=["credential"])
        Pathway.objects.filter(from_credential=old).update(from_credential=new)
        Pathway.objects.filter(to_credential=old).update(to_credential=new)


@transaction.atomic
def publish(actor: User, credential: MicroCredential, comment: str = "") -> MicroCredential:
    """Publish an approved product (QA/release managers); a new version supersedes the old.

    Refused with ``BADGE_NOT_ACCESSIBLE`` while the product's badge fails the design app's
    accessibility checks (WCAG 2.2 AA contrast, alt text, text that fits), so no published
    credential is awarded with a badge some earners cannot read.
    """
    # design imports catalog's models, so importing it at module level would be circular.
    from credstack.design.services import badge_publish_blockers

    require_role(actor, credential.organisation_id, Role.QA_MANAGER)
    credential = _lock(credential, Lifecycle.APPROVED)
    # Checked after the lock so the design is read in the same transaction as the transition.
    blockers = badge_publish_blockers(credential)
    if blockers:
        raise InvalidInput(
            "The badge is not accessible yet, so the credential cannot be published: "
            + " ".join(blockers)
            + " Fix the badge design, then publish again.",
            code="BADGE_NOT_ACCESSIBLE",
        )
    _move(actor, credential, Lifecycle.PUBLISHED, "published", comment=comment.strip())
    _supersede(actor, credential)
    return credential


@transaction.atomic
def retire(actor: User, credential: MicroCredential, comment: str) -> MicroCredential:
    """Withdraw a published product from the catalogue (QA/release managers), saying why."""
    require_role(actor, credential.organisation_id, Role.QA_MANAGER)
    credential = _lock(credential, Lifecycle.PUBLISHED)
    if not comment.strip():
        raise InvalidInput("Say why the credential is retired.", code="COMMENT_REQUIRED")
    return _move(actor, credential, Lifecycle.RETIRED, "retired", comment=comment.strip())


ACTIONS = ("submit", "withdraw", "request_changes", "approve", "publish", "retire")


def transition(
    actor: User,
    credential: MicroCredential,
    action: str,
    *,
    comment: str = "",
    checklist: dict[str, Any] | None = None,
    waiver: str = "",
) -> MicroCredential:
    """Run lifecycle step ``action`` (one of :data:`ACTIONS`): the one entry point for pages and API."""
    if action == "submit":
        return submit_for_review(actor, credential, comment)
    if action == "withdraw":
        return withdraw_from_review(actor, credential, comment)
    if action == "request_changes":
        return request_changes(actor, credential, comment)
    if action == "approve":
        return approve(actor, credential, checklist=checklist or {}, comment=comment, waiver=waiver)
    if action == "publish":
        return publish(actor, credential, comment)
    if action == "retire":
        return retire(actor, credential, comment)
    raise InvalidInput(
        f"Unknown lifecycle step {action!r}; use one of {', '.join(ACTIONS)}.",
        code="UNKNOWN_TRANSITION",
    )
