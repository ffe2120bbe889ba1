"""Every trigger enters here: exactly ONE award per (credential, recipient, source event).

The guarantee rests on the database, not on checks in Python: ``Award`` has a unique
constraint on (lineage, recipient key, source, source event). ``request_award`` tries the
insert inside a savepoint; a concurrent or repeated trigger loses on the constraint
(PostgreSQL makes the loser wait for the winner's commit, then raises IntegrityError), rolls
back only its savepoint, and reads the winner's award. No lock is needed, and no trigger can
slip between a "does it exist?" check and the insert.

Then the release rule decides: auto-release issues at once; otherwise the award waits for a
QA/release manager (four eyes, see approvals.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.accounts.models import User
from credstack.assessment.models import IssuanceTrigger
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.problems import Forbidden, InvalidInput, Problem

from ..models import Award, AwardSource, AwardStatus, EvidenceSharing
from .issuers import issuer_for
from .issuing import issue_award
from .recipients import RecipientInput, normalise_recipient
from .rules import rule_for

logger = logging.getLogger(__name__)

AWARDABLE = (Lifecycle.PUBLISHED, Lifecycle.RETIRED)
MAX_EVENT = 200


@dataclass(frozen=True)
class AwardRequest:
    credential: MicroCredential
    source: str
    source_event: str
    recipient: RecipientInput
    recipient_user: User | None = None
    narrative: str = ""
    evidence_url: str = ""
    evidence_consent: str = EvidenceSharing.NONE.value
    result: dict[str, Any] | None = field(default=None)
    submission_id: int | None = None
    enrolment_id: int | None = None
    requested_by: User | None = None


def _check(request: AwardRequest) -> None:
    if request.source not in AwardSource.values:
        raise InvalidInput(f"Unknown trigger “{request.source}”.", code="SOURCE_UNKNOWN")
    if not request.source_event or len(request.source_event) > MAX_EVENT:
        raise InvalidInput(
            f"Every trigger needs an event id of 1 to {MAX_EVENT} characters.",
            code="SOURCE_EVENT_INVALID",
        )
    if request.evidence_consent not in EvidenceSharing.values:
        raise InvalidInput(
            f"Evidence consent must be one of {', '.join(EvidenceSharing.values)}.",
            code="EVIDENCE_CONSENT_INVALID",
        )
    if request.evidence_url:
        try:
            URLValidator(schemes=["https", "http"])(request.evidence_url)
        except ValidationError as e:
            raise InvalidInput(
                f"“{request.evidence_url[:100]}” is not a web address.", code="EVIDENCE_URL_INVALID"
            ) from e
        if len(request.evidence_url) > 500:
            raise InvalidInput("The evidence URL is too long.", code="EVIDENCE_URL_INVALID")
    if request.credential.status not in AWARDABLE:
        raise InvalidInput(
            f"“{request.credential.title}” is not published, so it cannot be awarded.",
            code="CREDENTIAL_NOT_AWARDABLE",
        )


@transaction.atomic
def request_award(
    request: AwardRequest, *, actor: User | None = None, release: bool = True
) -> tuple[Award, bool]:
    """Create the award for ``request`` or find the one that exists; return it and whether new.

    ``release=False`` leaves an auto-released award pending for the caller to issue (bulk
    issuance signs whole batches; see issuance.bulk).

    Raises ``Forbidden`` (``TRIGGER_NOT_ALLOWED``) when the credential's release rule does not
    accept this kind of trigger, ``InvalidInput`` for a bad recipient or event, ``Conflict``
    (``NO_ISSUER``) when the organisation has no issuer profile.
    """
    _check(request)
    credential = request.credential
    rule = rule_for(credential)
    if request.source not in rule.allowed_sources:
        raise Forbidden(
            f"The release rule of “{credential.title}” does not allow "
            f"{AwardSource(request.source).label.lower()} awards.",
            code="TRIGGER_NOT_ALLOWED",
        )
    recipient = normalise_recipient(request.recipient)
    issuer = issuer_for(credential.organisation_id)
    identity = {
        "credential_lineage": credential.lineage,
        "recipient_key": recipient.key,
        "source": request.source,
        "source_event": request.source_event,
    }
    renews = (
        Award.objects.filter(
            credential_lineage=credential.lineage,
            recipient_key=recipient.key,
            status__in=[AwardStatus.ISSUED, AwardStatus.SUSPENDED],
            replaced_by__isnull=True,
        )
        .order_by("-issued_at")
        .first()
    )
    try:
        with transaction.atomic():
            award = Award.objects.create(
                **identity,
                credential=credential,
                issuer=issuer,
                recipient_email=recipient.email,
                recipient_name=recipient.name,
                recipient_did=recipient.did,
                recipient_user=request.recipient_user,
                narrative=request.narrative.strip(),
                evidence_url=request.evidence_url.strip(),
                evidence_consent=request.evidence_consent,
                result=request.result,
                submission_id=request.submission_id,
                enrolment_id=request.enrolment_id,
                requested_by=request.requested_by,
                renews=renews,
            )
    except IntegrityError:
        return Award.objects.get(**identity), False
    record(
        actor,
        "issuance.award.requested",
        award,
        organisation=credential.organisation,
        after={"source": award.source, "source_event": award.source_event},
    )
    if release and not rule.requires_approval:
        award = issue_award(award, actor=actor)
    return award, True


def consume_assessment_trigger(trigger_id: int) -> Award | None:
    """Turn one pending assessment pass into its award and mark the trigger consumed.

    The trigger row is locked, so two workers given the same trigger do the work once; the
    award's unique constraint would catch a second one anyway. A trigger the rule refuses, or
    whose organisation has no issuer yet, stays pending (logged) for the reconciler.
    """
    with transaction.atomic():
        trigger = (
            IssuanceTrigger.objects.select_for_update(of=("self",))
            .select_related("credential", "learner", "submission")
            .filter(pk=trigger_id, status=IssuanceTrigger.Status.PENDING)
            .first()
        )
        if trigger is None:
            return None
        submission = trigger.submission
        released_by = getattr(getattr(submission, "result", None), "released_by", None)
        learner = trigger.learner
        request = AwardRequest(
            credential=trigger.credential,
            source=AwardSource.ASSESSMENT,
            source_event=trigger.idempotency_key,
            recipient=RecipientInput(email=learner.email, name=learner.get_full_name()),
            recipient_user=learner,
            submission_id=submission.pk if submission else None,
            enrolment_id=submission.enrolment_id if submission else None,
            # Four eyes: whoever released the pass may not also approve its award.
            requested_by=released_by,
        )
        try:
            award, _ = request_award(request)
        except Problem as e:
            logger.warning(
                "issuance trigger %s left pending: %s (%s)", trigger.pk, e.detail, e.code
            )
            return None
        trigger.status = IssuanceTrigger.Status.CONSUMED
        trigger.consumed_at = timezone.now()
        trigger.save(update_fields=["status", "consumed_at"])
        return award


def process_pending_triggers(limit: int | None = None) -> tuple[int, int]:
    """Consume every pending assessment trigger (the reconciler); returns (consumed, left)."""
    ids = list(
        IssuanceTrigger.objects.filter(status=IssuanceTrigger.Status.PENDING)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    consumed = sum(1 for pk in ids if consume_assessment_trigger(pk) is not None)
    return consumed, len(ids) - consumed
