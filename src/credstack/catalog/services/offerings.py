"""The schedule of offer: scheduled runs (cohorts) of a published micro-credential."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Membership, Role, User
from credstack.accounts.permissions import require_role
from credstack.problems import InvalidInput

from ..models import DeliveryMode, Lifecycle, MicroCredential, Offering


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
        raise InvalidInput("capacity: give at least one place, or leave it empty.")
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
    before = snapshot(offering) if offering is not None else None
    if offering is None:
        offering = Offering(credential=credential)
    for name, value in vars(data).items():
        setattr(offering, name, value.strip() if isinstance(value, str) else value)
    try:
        offering.full_clean()
    except ValidationError as e:
        first = next(iter(e.message_dict.items()))
        raise InvalidInput(f"{first[0]}: {first[1][0]}") from e
    offering.save()
    record(
        actor,
        "catalog.offering.updated" if before else "catalog.offering.created",
        offering,
        organisation=credential.organisation,
        before=before,
        after=snapshot(offering),
    )
    return offering
