"""The schedule of offer: scheduled runs (cohorts) of a published micro-credential.

Offerings are scheduled, rescheduled and cancelled here. Enrolments belong to the learning app,
which depends on the catalogue, so this module does not import it at module level: it reads an
offering's learners through the reverse relation learning declares (``offering.enrolments``)
and compares enrolment statuses by their stored values. The one learning service it calls
(filling new places from the waitlist) is imported where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Membership, Role, User
from credstack.accounts.outbox import queue_email
from credstack.accounts.permissions import require_role
from credstack.problems import Conflict, InvalidInput, NotFound

from ..models import DeliveryMode, Lifecycle, MicroCredential, Offering

# learning's EnrolmentStatus values for learners who hold or await a place (see the docstring).
_HOLDS_PLACE = ("committed", "commenced", "submitted", "completed")
_TOLD_OF_CANCELLATION = ("waitlisted", "committed", "commenced", "submitted")
MAX_REASON = 2000


@dataclass
class OfferingInput:
    """One run of a credential: dates, capacity, facilitator and delivery."""

    title: str
    starts_on: date
    ends_on: date
    enrol_by: date | None = None
    capacity: int | None = None
    facilitator_id: int | None = None
    delivery_mode: str = DeliveryMode.ONLINE
    location: str = ""
    hours_per_week: Decimal | None = None
    is_open: bool = True


def _validate(credential: MicroCredential, data: OfferingInput) -> None:
    if credential.status not in (Lifecycle.APPROVED, Lifecycle.PUBLISHED):
        raise InvalidInput(
            "Schedule offerings of approved or published credentials only.",
            code="CREDENTIAL_NOT_OFFERABLE",
        )
    if data.ends_on < data.starts_on:
        raise InvalidInput("ends_on: the offering ends before it starts.", code="OFFERING_DATES")
    if data.enrol_by is not None and data.enrol_by > data.ends_on:
        raise InvalidInput(
            "enrol_by: enrolment closes after the offering ends.", code="OFFERING_DATES"
        )
    if data.capacity is not None and data.capacity < 1:
        raise InvalidInput(
            "capacity: give at least one place, or leave it empty.", code="OFFERING_CAPACITY"
        )
    if (
        data.facilitator_id is not None
        and not Membership.objects.filter(
            user_id=data.facilitator_id,
            organisation_id=credential.organisation_id,
            role__in=[Role.FACILITATOR, Role.ADMINISTRATOR],
        ).exists()
    ):
        raise InvalidInput(
            "facilitator_id: choose a facilitator of this organisation.", code="NOT_A_FACILITATOR"
        )


@transaction.atomic
def save_offering(
    actor: User,
    credential: MicroCredential,
    data: OfferingInput,
    offering: Offering | None = None,
) -> Offering:
    """Schedule or reschedule an offering (designers). Audited as ``catalog.offering.*``."""
    require_role(actor, credential.organisation_id, Role.DESIGNER)
    # Read the state afresh: a caller's instance may predate a lifecycle transition.
    credential = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    _validate(credential, data)
    before = None
    if offering is not None:
        offering = _locked(credential, offering.pk)
        if offering.is_cancelled:
            raise Conflict(
                f"{offering.title} was cancelled; it can no longer be changed.",
                code="OFFERING_CANCELLED",
            )
        taken = offering.enrolments.filter(status__in=_HOLDS_PLACE).count()
        if data.capacity is not None and data.capacity < taken:
            raise InvalidInput(
                f"capacity: {taken} learners already hold places in {offering.title}; "
                f"give at least {taken} places, or leave it empty.",
                code="CAPACITY_BELOW_ENROLMENTS",
            )
        before = snapshot(offering)
    else:
        offering = Offering(credential=credential)
    for name, value in vars(data).items():
        setattr(offering, name, value.strip() if isinstance(value, str) else value)
    try:
        offering.full_clean()
    except ValidationError as e:
        first = next(iter(e.message_dict.items()))
        raise InvalidInput(f"{first[0]}: {first[1][0]}") from e
    offering.save()
    if before is not None and _gained_places(before.get("capacity"), offering.capacity):
        # Imported here, not at the top: learning depends on the catalogue (DESIGN.md), so a
        # module-level import would make the two apps import each other at start-up. The
        # offering row is locked above, as promote_waitlist requires.
        from credstack.learning.services import promote_waitlist

        promote_waitlist(offering, now=timezone.now())
    record(
        actor,
        "catalog.offering.updated" if before else "catalog.offering.created",
        offering,
        organisation=credential.organisation,
        before=before,
        after=snapshot(offering),
    )
    return offering


def _locked(credential: MicroCredential, offering_id: int) -> Offering:
    """The offering, row-locked, if it is a run of ``credential`` (so two edits serialise)."""
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("credential__organisation")
        .filter(pk=offering_id, credential=credential)
        .first()
    )
    if offering is None:
        raise NotFound(f"{credential.title} has no offering {offering_id}.")
    return offering


@transaction.atomic
def cancel_offering(actor: User, offering: Offering, reason: str) -> Offering:
    """Cancel ``offering`` (designers): it closes for good and every learner holding or awaiting
    a place is emailed the reason. Audited as ``catalog.offering.cancelled``.

    The enrolments themselves are left as they are: each learner decides whether to move to a
    later start or withdraw, and the facilitator still sees who was affected.
    """
    require_role(actor, offering.credential.organisation_id, Role.DESIGNER)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "reason: say why the offering is cancelled; the learners are told.",
            code="CANCELLATION_REASON_REQUIRED",
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"reason: {len(reason)} characters; the limit is {MAX_REASON}.",
            code="CANCELLATION_REASON_TOO_LONG",
        )
    offering = _locked(offering.credential, offering.pk)
    if offering.is_cancelled:
        raise Conflict(
            f"{offering.title} was already cancelled on {offering.cancelled_at:%-d %B %Y}.",
            code="OFFERING_ALREADY_CANCELLED",
        )
    before = snapshot(offering)
    offering.is_open = False
    offering.cancelled_at = timezone.now()
    offering.cancellation_reason = reason
    offering.save(update_fields=["is_open", "cancelled_at", "cancellation_reason"])
    learners = (
        offering.enrolments.filter(status__in=_TOLD_OF_CANCELLATION)
        .select_related("learner")
        .order_by("pk")
    )
    credential = offering.credential
    links = {
        "credential_url": settings.BASE_URL
        + reverse("catalog:credential", args=[credential.organisation.slug, credential.slug]),
        "learning_url": _link_or_empty("learning:dashboard"),
    }
    told = 0
    for enrolment in learners:
        queue_email(
            enrolment.learner.email,
            f"{offering.credential.title}: {offering.title} is cancelled",
            "catalog/email/offering_cancelled",
            {"offering": offering, "learner": enrolment.learner, "reason": reason, **links},
            category="catalog.offering.cancelled",
            dedupe_key=f"catalog:offering:{offering.pk}:cancelled:{enrolment.pk}",
        )
        told += 1
    record(
        actor,
        "catalog.offering.cancelled",
        offering,
        organisation=offering.credential.organisation,
        before=before,
        after=snapshot(offering),
        note=f"{reason} (learners told: {told})",
    )
    return offering


def _link_or_empty(name: str) -> str:
    """An absolute link to another app's page, or "" while that app does not provide it."""
    try:
        return settings.BASE_URL + reverse(name)
    except NoReverseMatch:
        return ""


def _gained_places(before: object, after: int | None) -> bool:
    """Whether a capacity change freed places (a larger number, or no limit any more)."""
    if before is None:
        return False
    return after is None or (isinstance(before, int) and after > before)
