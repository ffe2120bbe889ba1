"""What a learner commits to, and whether they may: the "Commit" phase of the journey.

The guide: "the learner enrols with a clear understanding of their commitment, including the
[effort, duration, dates, obligations, benefits and cost]". :func:`commitment_for` builds that
statement once, the commit page shows it and the enrolment keeps the copy the learner accepted.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.utils import timezone

from credstack.accounts.models import User
from credstack.catalog.models import Lifecycle, MicroCredential, Offering

from ..errors import AlreadyEnrolled, EnrolmentRefused
from ..models import ACTIVE_STATUSES, Enrolment, EnrolmentStatus, PriorRecognition, TermsVersion
from .catalog_reads import leads_to

# Said when an organisation has not published its own terms: the platform's baseline promise.
BASELINE_LEARNER_OBLIGATIONS = (
    "Take part in the scheduled activities, submit your own work for assessment, and tell your "
    "facilitator early if something gets in the way."
)
BASELINE_PROVIDER_OBLIGATIONS = (
    "Deliver the activities as scheduled, give you a named facilitator, assess your work "
    "against the published criteria and tell you the result."
)


def current_terms(organisation_id: int, *, today: dt.date | None = None) -> TermsVersion | None:
    """The organisation's terms in force today: the highest version already effective."""
    today = today or timezone.localdate()
    return (
        TermsVersion.objects.filter(organisation_id=organisation_id, effective_from__lte=today)
        .order_by("-version")
        .first()
    )


def enrol_deadline(offering: Offering) -> dt.date:
    """The last day to enrol: the enrol-by date, or the start date when none is set."""
    return offering.enrol_by or offering.starts_on


def duration_weeks(offering: Offering) -> int:
    return max(1, math.ceil((offering.ends_on - offering.starts_on).days / 7))


def effort_hours_per_week(offering: Offering) -> float:
    """The stated weekly effort, or the volume of learning spread over the weeks."""
    if offering.hours_per_week:
        return float(offering.hours_per_week)
    return round(offering.credential.volume_hours / duration_weeks(offering), 1)


def commitment_for(offering: Offering, terms: TermsVersion | None) -> dict[str, Any]:
    """The commitment statement shown before acceptance (and kept, as accepted, on the enrolment)."""
    credential = offering.credential
    cost = f"{credential.currency} {credential.price:.2f}" if credential.price else "No fee"
    credit = (
        f"{credential.credit_value.normalize():f} {credential.credit_system}".strip()
        if credential.credit_value
        else ""
    )
    return {
        "credential": credential.title,
        "credential_code": credential.code,
        "offering": offering.title,
        "starts_on": offering.starts_on.isoformat(),
        "ends_on": offering.ends_on.isoformat(),
        "enrol_by": enrol_deadline(offering).isoformat(),
        "duration_weeks": duration_weeks(offering),
        "effort_hours_per_week": effort_hours_per_week(offering),
        "volume_hours": credential.volume_hours,
        "delivery_mode": offering.get_delivery_mode_display(),
        "location": offering.location,
        "cost": cost,
        "fee_waivers": credential.fee_waivers,
        "credit": credit,
        "benefits": [o.text for o in credential.outcomes.all()],
        "leads_to": [step["title"] for step in leads_to(credential)],
        "learner_obligations": terms.learner_obligations if terms else BASELINE_LEARNER_OBLIGATIONS,
        "provider_obligations": terms.provider_obligations
        if terms
        else BASELINE_PROVIDER_OBLIGATIONS,
        "terms_version": terms.version if terms else None,
        "terms_title": terms.title if terms else "",
        "facilitator": str(offering.facilitator) if offering.facilitator else "",
    }


def completed_lineages(learner: User) -> set[str]:
    """Credential lineages the learner holds: completed enrolments and recognised prior learning.

    Lineages, not rows: completing version 1 of a credential satisfies a prerequisite on version 2.
    """
    # Two indexed look-ups and a primary-key fetch: an OR across the join would make the
    # database scan every enrolment of the institution.
    ids = set(
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.COMPLETED).values_list(
            "credential_id", flat=True
        )
    )
    ids |= set(
        PriorRecognition.objects.filter(learner=learner).values_list("credential_id", flat=True)
    )
    done = (
        MicroCredential.objects.filter(pk__in=ids).values_list("lineage", flat=True) if ids else []
    )
    return {str(lineage) for lineage in done}


def existing_enrolment(learner: User, credential: MicroCredential) -> Enrolment | None:
    return Enrolment.objects.filter(
        learner=learner, credential=credential, status__in=ACTIVE_STATUSES
    ).first()


def check_eligibility(learner: User, offering: Offering, *, today: dt.date) -> None:
    """Raise a clear refusal when ``learner`` may not enrol in ``offering`` today.

    Order matters for the message: a learner already enrolled hears that first, since the
    other reasons would only send them looking for a place they already have.
    """
    credential = offering.credential
    existing = existing_enrolment(learner, credential)
    if existing is not None:
        verb = "completed" if existing.status == EnrolmentStatus.COMPLETED else "are enrolled in"
        raise AlreadyEnrolled(
            f"You {verb} {credential.title} already ({existing.offering.title}, "
            f"{existing.get_status_display().lower()}).",
            enrolment_id=existing.pk,
        )
    if credential.status != Lifecycle.PUBLISHED:
        raise EnrolmentRefused(
            f"{credential.title} is not open for enrolment.", code="CREDENTIAL_NOT_PUBLISHED"
        )
    if offering.cancelled_at is not None:
        raise EnrolmentRefused(
            f"{offering.title} was cancelled: {offering.cancellation_reason}",
            code="OFFERING_CANCELLED",
        )
    if not offering.is_open:
        raise EnrolmentRefused(f"Enrolment in {offering.title} is closed.", code="OFFERING_CLOSED")
    deadline = enrol_deadline(offering)
    if today > deadline:
        raise EnrolmentRefused(
            f"Enrolment in {offering.title} closed on {deadline:%-d %B %Y}.",
            code="ENROL_BY_PASSED",
        )
    held = completed_lineages(learner)
    missing = [p for p in credential.prerequisites.all() if str(p.lineage) not in held]
    if missing:
        names = ", ".join(p.title for p in missing)
        raise EnrolmentRefused(
            f"{credential.title} needs {names} first. Complete it (or have prior learning "
            "recognised) and then enrol.",
            code="PREREQUISITE_MISSING",
            errors=[{"missing_credential_id": p.pk, "title": p.title} for p in missing],
        )
