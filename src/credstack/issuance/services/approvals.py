"""The QA approval queue: approve or reject pending awards, in bulk, never your own request.

Four eyes (DESIGN.md main flow): the approver is never the person who requested the award
(``requested_by``: the badge issuer who made a manual or API award, or the person who
released the assessment result). A batch containing such an award is refused whole, with a
message naming it, so a partial approval can never be mistaken for a complete one.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.problems import Conflict, InvalidInput, NotFound

from ..models import Award, AwardStatus
from .access import APPROVE_ROLES, VIEW_ROLES, may, organisations_for
from .issuing import issue_award

DECISION_FIELDS = ["status", "decided_by", "decided_at", "decision_reason"]
MAX_BATCH = 500


def approval_queue(user: User) -> QuerySet[Award]:
    """Pending awards at organisations where ``user`` may see awards, oldest first."""
    orgs = organisations_for(user, VIEW_ROLES)
    return (
        Award.objects.filter(status=AwardStatus.PENDING_APPROVAL, issuer__organisation__in=orgs)
        .select_related("credential", "issuer", "requested_by", "submission")
        .order_by("created_at", "pk")
    )


def _pending(actor: User, award_ids: Sequence[int]) -> list[Award]:
    ids = sorted(set(award_ids))
    if not ids:
        raise InvalidInput("Choose at least one award.", code="NO_AWARDS_CHOSEN")
    if len(ids) > MAX_BATCH:
        raise InvalidInput(f"Decide at most {MAX_BATCH} awards at once.", code="BATCH_TOO_LARGE")
    awards = list(
        Award.objects.select_for_update(of=("self",))
        .select_related("issuer", "credential", "requested_by")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(awards) != len(ids):
        raise NotFound("Some of the chosen awards do not exist.", code="AWARD_NOT_FOUND")
    for award in awards:
        if not may(actor, award.issuer.organisation_id, APPROVE_ROLES):
            raise PermissionDenied("Approving awards needs the QA/release manager role.")
    for award in awards:
        if award.status != AwardStatus.PENDING_APPROVAL:
            raise Conflict(
                f"The award for {award.recipient_name or award.recipient_key} is already "
                f"{award.get_status_display().lower()}.",
                code="AWARD_NOT_PENDING",
            )
        if award.requested_by_id == actor.pk:
            raise PermissionDenied(
                f"You requested the award for {award.recipient_name or award.recipient_key} "
                f"({award.credential.title}); another QA/release manager must decide it "
                "(four eyes). Nothing was changed."
            )
    return awards


def _decide(actor: User, award: Award, status: str, reason: str) -> dict[str, object]:
    before = snapshot(award, DECISION_FIELDS)
    award.decided_by = actor
    award.decided_at = timezone.now()
    award.decision_reason = reason
    if status == AwardStatus.REJECTED:
        award.status = AwardStatus.REJECTED
    award.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return before


@transaction.atomic
def approve_awards(actor: User, award_ids: Sequence[int], reason: str = "") -> list[Award]:
    """Approve and issue each pending award (all or none)."""
    awards = _pending(actor, award_ids)
    issued = []
    for award in awards:
        before = _decide(actor, award, AwardStatus.ISSUED, reason.strip())
        record(
            actor,
            "issuance.award.approved",
            award,
            organisation=award.issuer.organisation,
            before=before,
            after=snapshot(award, DECISION_FIELDS),
            note=reason.strip(),
        )
        issued.append(issue_award(award, actor=actor))
    return issued


@transaction.atomic
def reject_awards(actor: User, award_ids: Sequence[int], reason: str) -> list[Award]:
    """Reject each pending award with a reason the requester can read (all or none)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the awards are rejected.", code="REASON_REQUIRED")
    awards = _pending(actor, award_ids)
    for award in awards:
        before = _decide(actor, award, AwardStatus.REJECTED, reason)
        record(
            actor,
            "issuance.award.rejected",
            award,
            organisation=award.issuer.organisation,
            before=before,
            after=snapshot(award, DECISION_FIELDS),
            note=reason,
        )
    return awards
