"""Revocation, suspension and un-suspension: a reason, an audit entry, the status bit at once.

Revocation is final (BSL §2.1 "revocation": not reversible); suspension is reversible and
lives on the companion list at the same index (decision 0002). The bit changes in the same
transaction as the award, and the list's version moves, so the next read of the published
list is re-signed with the change (status_lists.published_list).
"""

from __future__ import annotations

from django.db import transaction

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.problems import Conflict, InvalidInput

from ..models import Award, AwardStatus
from .access import STATUS_ROLES, require
from .status_lists import set_bit, slot

FIELDS = ["status", "status_reason"]
MAX_REASON = 2000


def _prepare(actor: User, award: Award, reason: str) -> tuple[Award, str]:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            "Give a reason; the earner and the audit log will see it.", code="REASON_REQUIRED"
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"Keep the reason under {MAX_REASON} characters.", code="REASON_TOO_LONG"
        )
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("issuer", "status_list")
        .get(pk=award.pk)
    )
    require(actor, award.issuer.organisation_id, STATUS_ROLES)
    return award, reason


def _change(actor: User, award: Award, action: str, status: str, reason: str) -> Award:
    before = snapshot(award, FIELDS)
    award.status = status
    award.status_reason = reason
    award.save(update_fields=FIELDS)
    record(
        actor,
        action,
        award,
        organisation=award.issuer.organisation,
        before=before,
        after=snapshot(award, FIELDS),
        note=reason,
    )
    return award


@transaction.atomic
def revoke_award(actor: User, award: Award, reason: str) -> Award:
    """Revoke an issued or suspended credential for good."""
    award, reason = _prepare(actor, award, reason)
    if award.status not in (AwardStatus.ISSUED, AwardStatus.SUSPENDED):
        raise Conflict(
            f"Only an issued credential can be revoked; this one is "
            f"{award.get_status_display().lower()}.",
            code="AWARD_NOT_ISSUED",
        )
    sequence, index = slot(award)
    if award.status == AwardStatus.SUSPENDED:
        set_bit(award.issuer, "suspension", sequence, index, False)
    set_bit(award.issuer, "revocation", sequence, index, True)
    return _change(actor, award, "issuance.award.revoked", AwardStatus.REVOKED, reason)


@transaction.atomic
def suspend_award(actor: User, award: Award, reason: str) -> Award:
    """Suspend an issued credential (reversible)."""
    award, reason = _prepare(actor, award, reason)
    if award.status != AwardStatus.ISSUED:
        raise Conflict("Only an issued credential can be suspended.", code="AWARD_NOT_ISSUED")
    set_bit(award.issuer, "suspension", *slot(award), True)
    return _change(actor, award, "issuance.award.suspended", AwardStatus.SUSPENDED, reason)


@transaction.atomic
def unsuspend_award(actor: User, award: Award, reason: str) -> Award:
    """Lift a suspension: the credential is valid again."""
    award, reason = _prepare(actor, award, reason)
    if award.status != AwardStatus.SUSPENDED:
        raise Conflict("This credential is not suspended.", code="AWARD_NOT_SUSPENDED")
    set_bit(award.issuer, "suspension", *slot(award), False)
    return _change(actor, award, "issuance.award.unsuspended", AwardStatus.ISSUED, reason)
