"""Commit, wait, withdraw, defer: the enrolment's life before learning is finished.

Capacity is a race: two learners may want the last place at once. Every path that takes or
frees a place locks the offering's row first (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite the IMMEDIATE transaction already serialises writers), then counts, so the count it
acts on cannot change under it.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.catalog.models import Offering

from ..errors import AlreadyEnrolled, EnrolmentClosed, EnrolmentRefused, InvalidInput
from ..models import (
    CredentialInterest,
    Enrolment,
    EnrolmentStatus,
    TermsVersion,
)
from ..models.enrolment import PLACE_STATUSES
from . import notifications
from .commitment import check_eligibility, commitment_for, current_terms, existing_enrolment

REASON_MAX = 2000


def _lock_offering(offering_id: int) -> Offering:
    return Offering.objects.select_for_update().select_related("credential").get(pk=offering_id)


def places_taken(offering: Offering) -> int:
    return Enrolment.objects.filter(offering=offering, status__in=PLACE_STATUSES).count()


def has_place(offering: Offering) -> bool:
    return offering.capacity is None or places_taken(offering) < offering.capacity


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the next learner to get a place; None when not waitlisted."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        offering_id=enrolment.offering_id,
        status=EnrolmentStatus.WAITLISTED,
        waitlisted_at__lt=enrolment.waitlisted_at,
    ).count()
    return ahead + 1


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say briefly why, so we can help and improve.", code="REASON_REQUIRED")
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            f"Keep the reason under {REASON_MAX} characters.", code="REASON_TOO_LONG"
        )
    return reason


def accept_commitment(
    enrolment: Enrolment, terms: TermsVersion | None, *, now: dt.datetime
) -> Enrolment:
    """Record that the learner accepted ``terms`` and the offering's commitment, as shown now."""
    enrolment.accepted_terms = terms
    enrolment.accepted_at = now
    enrolment.commitment = commitment_for(enrolment.offering, terms)
    return enrolment


def _place(enrolment: Enrolment, offering: Offering, now: dt.datetime) -> None:
    """Give the enrolment a place (committed) or a waitlist spot, and save it."""
    if has_place(offering):
        enrolment.status = EnrolmentStatus.COMMITTED
        enrolment.committed_at = enrolment.committed_at or now
    else:
        enrolment.status = EnrolmentStatus.WAITLISTED
        enrolment.waitlisted_at = now
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as e:
        # The partial unique index caught a concurrent enrolment for the same credential.
        other = existing_enrolment(enrolment.learner, offering.credential)
        raise AlreadyEnrolled(
            f"You are already enrolled in {offering.credential.title}.",
            enrolment_id=other.pk if other else 0,
        ) from e
    if enrolment.status == EnrolmentStatus.COMMITTED:
        notifications.enrolment_confirmed(enrolment)
    else:
        notifications.enrolment_waitlisted(enrolment, waitlist_position(enrolment) or 1)


@transaction.atomic
def enrol(
    learner: User,
    offering: Offering,
    *,
    accepted: bool,
    terms_version_id: int | None,
    now: dt.datetime | None = None,
) -> Enrolment:
    """Enrol ``learner`` in ``offering`` once they accept its commitment.

    Refuses (with a stable code) a duplicate, an unpublished credential, a closed offering, a
    passed enrol-by date, an unmet prerequisite, an unticked acceptance, or terms that changed
    since the page was shown. A full offering puts the learner on its waitlist instead.
    """
    now = now or timezone.now()
    offering = _lock_offering(offering.pk)
    check_eligibility(learner, offering, today=timezone.localdate(now))
    terms = current_terms(offering.credential.organisation_id, today=timezone.localdate(now))
    if not accepted:
        raise InvalidInput(
            "Tick the box to confirm you accept the commitment and the terms.",
            code="COMMITMENT_NOT_ACCEPTED",
        )
    shown = terms.pk if terms else None
    if terms_version_id != shown:
        raise EnrolmentRefused(
            "The terms changed while you were reading them. Please review the current version.",
            code="TERMS_CHANGED",
        )
    interest = CredentialInterest.objects.filter(
        learner=learner, credential=offering.credential
    ).first()
    enrolment = Enrolment(
        learner=learner,
        offering=offering,
        credential=offering.credential,
        aware_at=interest.aware_at if interest else now,
        chose_at=(interest.chose_at if interest else None) or now,
    )
    accept_commitment(enrolment, terms, now=now)
    _place(enrolment, offering, now)
    return enrolment


def promote_waitlist(offering: Offering, *, now: dt.datetime) -> list[Enrolment]:
    """Fill freed places from the waitlist, oldest first, and tell each learner.

    Called with the offering already locked by the caller's transaction. A cancelled
    offering promotes nobody: its freed places are not places any more.
    """
    promoted: list[Enrolment] = []
    if offering.cancelled_at is not None:
        return promoted
    while offering.capacity is None or places_taken(offering) < offering.capacity:
        nxt = (
            Enrolment.objects.filter(offering=offering, status=EnrolmentStatus.WAITLISTED)
            .select_related("learner", "offering__credential")
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if nxt is None:
            break
        nxt.status = EnrolmentStatus.COMMITTED
        nxt.committed_at = nxt.committed_at or now
        nxt.save(update_fields=["status", "committed_at", "updated_at"])
        notifications.place_offered(nxt)
        promoted.append(nxt)
    return promoted


def _audit_if_staff(
    actor: User, enrolment: Enrolment, action: str, before: dict, reason: str
) -> None:
    if actor.pk != enrolment.learner_id:
        record(
            actor,
            action,
            enrolment,
            organisation=enrolment.offering.credential.organisation,
            before=before,
            after=snapshot(enrolment),
            note=reason,
        )


@transaction.atomic
def withdraw(
    enrolment: Enrolment, *, actor: User, reason: str, now: dt.datetime | None = None
) -> Enrolment:
    """Withdraw from an enrolment that has not been submitted; the place goes to the waitlist."""
    now = now or timezone.now()
    reason = _clean_reason(reason)
    offering = _lock_offering(enrolment.offering_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_open:
        raise EnrolmentClosed(
            f"This enrolment is {enrolment.get_status_display().lower()} and cannot be withdrawn.",
            code="NOT_WITHDRAWABLE",
        )
    before = snapshot(enrolment)
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.closed_at = now
    enrolment.close_reason = reason
    enrolment.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    _audit_if_staff(actor, enrolment, "learning.enrolment.withdrawn", before, reason)
    promote_waitlist(offering, now=now)
    return enrolment


def deferral_targets(enrolment: Enrolment, *, today: dt.date) -> list[Offering]:
    """Other offerings of the same credential still open for enrolment."""
    candidates = Offering.objects.filter(
        credential_id=enrolment.credential_id, is_open=True
    ).exclude(pk=enrolment.offering_id)
    return [o for o in candidates if (o.enrol_by or o.starts_on) >= today]


@transaction.atomic
def defer(
    enrolment: Enrolment,
    to_offering: Offering,
    *,
    actor: User,
    reason: str,
    now: dt.datetime | None = None,
) -> Enrolment:
    """Move an open enrolment to a later offering of the same credential.

    The old enrolment is closed as deferred and points to the new one, which keeps the
    learner's journey timestamps and terms but restates the commitment for the new dates.
    The new offering's capacity applies (a full one waitlists); the old place is refilled.
    """
    now = now or timezone.now()
    reason = _clean_reason(reason)
    if (
        to_offering.pk == enrolment.offering_id
        or to_offering.credential_id != enrolment.credential_id
    ):
        raise InvalidInput(
            "Choose another offering of the same credential.", code="DEFERRAL_TARGET_INVALID"
        )
    # Lock in id order so two deferrals crossing between the same offerings cannot deadlock.
    first, second = sorted([enrolment.offering_id, to_offering.pk])
    locked = {first: _lock_offering(first), second: _lock_offering(second)}
    old_offering, new_offering = locked[enrolment.offering_id], locked[to_offering.pk]
    enrolment = Enrolment.objects.select_for_update().select_related("learner").get(pk=enrolment.pk)
    if not enrolment.is_open:
        raise EnrolmentClosed(
            f"This enrolment is {enrolment.get_status_display().lower()} and cannot be deferred.",
            code="NOT_DEFERRABLE",
        )
    if to_offering.pk not in {
        o.pk for o in deferral_targets(enrolment, today=timezone.localdate(now))
    }:
        raise EnrolmentRefused(
            f"{new_offering.title} is not open for enrolment.", code="DEFERRAL_TARGET_CLOSED"
        )
    before = snapshot(enrolment)
    enrolment.status = EnrolmentStatus.DEFERRED
    enrolment.closed_at = now
    enrolment.close_reason = reason
    enrolment.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    moved = Enrolment(
        learner=enrolment.learner,
        offering=new_offering,
        credential=enrolment.credential,
        aware_at=enrolment.aware_at,
        chose_at=enrolment.chose_at,
        committed_at=enrolment.committed_at,
    )
    accept_commitment(moved, enrolment.accepted_terms, now=enrolment.accepted_at or now)
    _place(moved, new_offering, now)
    enrolment.deferred_to = moved
    enrolment.save(update_fields=["deferred_to", "updated_at"])
    _audit_if_staff(actor, enrolment, "learning.enrolment.deferred", before, reason)
    promote_waitlist(old_offering, now=now)
    return moved
