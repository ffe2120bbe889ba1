"""Turning an award into a signed credential, and correcting one by re-issuing it.

OB3-BRIEF §2.6, in order: build the credential, give it its one status entry (an index taken
under the status list's row lock, decision 0002), sign it with eddsa-rdfc-2022 under the
issuer's current key (``verificationMethod = <issuer id>#<publicKeyMultibase>``), validate it
against the 1EdTech schema, store it. All of it happens in one transaction, so a failure
leaves the award pending and the index is not consumed. An issued credential is never
edited: a correction is a new award that ``replaces`` the old one, which is revoked as
"superseded".
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.learning.errors import EnrolmentClosed
from credstack.learning.services import mark_awarded
from credstack.problems import Conflict, InvalidInput
from credstack.vc.errors import VcError
from credstack.vc.proofs import sign
from credstack.vc.schema import schema_errors

from ..models import Award, AwardStatus
from .access import REQUEST_ROLES, require
from .credentials import build_credential, validity
from .delivery import send_claim_email
from .issuers import signing_key, verification_method
from .recipients import RecipientInput, normalise_recipient
from .rules import rule_for, validity_months
from .status_lists import allocate_index, credential_status, set_bit, slot

logger = logging.getLogger(__name__)

STATE_FIELDS = ["status", "issued_at", "valid_until", "status_index", "status_reason"]
CORRECTABLE = frozenset(
    {"recipient_name", "recipient_email", "recipient_did", "narrative", "evidence_url", "result"}
)


def _locked(award: Award) -> Award:
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("credential", "issuer", "issuer__parent", "submission", "enrolment")
        .get(pk=award.pk)
    )


def issue_award(
    award: Award,
    *,
    actor: User | None = None,
    deliver: bool = True,
    issued_at: datetime | None = None,
) -> Award:
    """Build, sign, validate and store ``award``'s credential; notify the earner.

    ``issued_at`` records an earlier issue date (a bulk upload of past awards); the validity
    period runs from it. ``deliver=False`` skips the claim email (the caller delivers).

    Idempotent: an award already issued is returned as it is. Raises ``Conflict`` for an
    award that was rejected or revoked, or when the built credential fails the schema.
    """
    with transaction.atomic():
        award = _locked(award)
        if award.credential_json is not None:
            return award
        if award.status != AwardStatus.PENDING_APPROVAL:
            raise Conflict(
                f"This award is {award.get_status_display().lower()} and cannot be issued.",
                code="AWARD_NOT_ISSUABLE",
            )
        before = snapshot(award, STATE_FIELDS)
        rule = rule_for(award.credential)
        issued_at = (issued_at or timezone.now()).replace(microsecond=0)
        valid_until = validity(issued_at, validity_months(rule, award.credential))
        status_list, index = allocate_index(award.issuer)
        document = build_credential(
            award,
            rule,
            issued_at=issued_at,
            valid_until=valid_until,
            status=credential_status(award.issuer, status_list, index),
        )
        key_row, key = signing_key(award.issuer)
        try:
            signed = sign(
                document,
                key,
                verification_method=verification_method(award.issuer, key_row.public_multibase),
            )
        except VcError as e:
            raise Conflict(f"The credential could not be signed: {e}", code=e.code) from e
        violations = schema_errors(signed)
        if violations:
            shown = "; ".join(f"{v.path}: {v.message}" for v in violations[:5])
            raise Conflict(
                f"The credential does not meet the Open Badges schema: {shown}",
                code="CREDENTIAL_SCHEMA_INVALID",
            )
        award.credential_json = signed
        award.status = AwardStatus.ISSUED
        award.issued_at = issued_at
        award.valid_from = issued_at
        award.valid_until = valid_until
        award.status_list = status_list
        award.status_index = index
        award.save()
        record(
            actor,
            "issuance.award.issued",
            award,
            organisation=award.issuer.organisation,
            before=before,
            after=snapshot(award, STATE_FIELDS),
        )
        if deliver:
            send_claim_email(award)
        if award.enrolment is not None:
            _note_on_enrolment(award)
        return award


def _note_on_enrolment(award: Award) -> None:
    """Tell learning the enrolment ended in an award. A withdrawn or closed enrolment does not
    stop the credential: the earner met the criteria, so the award stands (logged)."""
    assert award.enrolment is not None
    try:
        with transaction.atomic():
            mark_awarded(award.enrolment)
    except EnrolmentClosed as e:
        logger.info(
            "award %s issued; enrolment %s not updated: %s", award.pk, award.enrolment_id, e
        )


def reissue_award(actor: User | None, award: Award, changes: dict[str, Any]) -> Award:
    """Correct an issued award: a new award replacing it, the old one revoked "superseded".

    ``changes`` may set the recipient's name, email or DID, the narrative, the evidence URL or
    the result. The new award keeps the claim (the same earner holds it) and is issued at once:
    the award it replaces was already released.
    """
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise InvalidInput(
            f"These fields cannot be corrected: {', '.join(sorted(unknown))}.",
            code="REISSUE_FIELD_INVALID",
        )
    with transaction.atomic():
        old = _locked(award)
        if actor is not None:
            require(actor, old.issuer.organisation_id, REQUEST_ROLES)
        if old.status not in (AwardStatus.ISSUED, AwardStatus.SUSPENDED):
            raise Conflict("Only an issued credential can be re-issued.", code="AWARD_NOT_ISSUED")
        if Award.objects.filter(replaces=old).exists():
            raise Conflict("This award was already re-issued.", code="AWARD_ALREADY_REPLACED")
        values = {
            "recipient_name": old.recipient_name,
            "recipient_email": old.recipient_email,
            "recipient_did": old.recipient_did,
            **{k: v for k, v in changes.items() if k.startswith("recipient_")},
        }
        recipient = normalise_recipient(
            RecipientInput(
                email=values["recipient_email"],
                name=values["recipient_name"],
                did=values["recipient_did"],
            )
        )
        new = Award.objects.create(
            credential=old.credential,
            issuer=old.issuer,
            credential_lineage=old.credential_lineage,
            recipient_key=recipient.key,
            recipient_email=recipient.email,
            recipient_name=recipient.name,
            recipient_did=recipient.did,
            recipient_user=old.recipient_user,
            source=old.source,
            source_event=f"reissue:{old.credential_uuid}",
            narrative=changes.get("narrative", old.narrative),
            evidence_url=changes.get("evidence_url", old.evidence_url),
            evidence_consent=old.evidence_consent,
            result=changes.get("result", old.result),
            submission=old.submission,
            requested_by=actor,
            replaces=old,
            claimed_at=old.claimed_at,
        )
        record(
            actor,
            "issuance.award.reissued",
            new,
            organisation=old.issuer.organisation,
            before={"replaces": str(old.credential_uuid)},
            after={"changes": sorted(changes)},
        )
        new = issue_award(new, actor=actor, deliver=old.claimed_at is None)
        _revoke_superseded(actor, old)
        return new


def _revoke_superseded(actor: User | None, old: Award) -> None:
    before = snapshot(old, STATE_FIELDS)
    sequence, index = slot(old)
    if old.status == AwardStatus.SUSPENDED:
        set_bit(old.issuer, "suspension", sequence, index, False)
    set_bit(old.issuer, "revocation", sequence, index, True)
    old.status = AwardStatus.REVOKED
    old.status_reason = "superseded"
    old.save(update_fields=["status", "status_reason"])
    record(
        actor,
        "issuance.award.revoked",
        old,
        organisation=old.issuer.organisation,
        before=before,
        after=snapshot(old, STATE_FIELDS),
        note="superseded",
    )
