"""The journey's funnel timestamps, and the hooks other apps call as a learner moves on.

Every timestamp is set once, the first time its phase is reached: a second call is a no-op,
so apps may call these hooks freely (a resubmission does not move ``submitted_at``).
The assessment app calls :func:`mark_submitted`, :func:`mark_completed` and
:func:`recognise_prior_learning`; issuance calls :func:`mark_awarded` and :func:`mark_shared`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential

from ..errors import EnrolmentClosed
from ..models import CredentialInterest, Enrolment, EnrolmentStatus, PriorRecognition

_CLOSED = (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.DEFERRED)


def note_aware(
    learner: User | AnonymousUser, credential: MicroCredential, *, now: dt.datetime | None = None
) -> None:
    """Record the first time a signed-in learner viewed ``credential`` (the "aware" phase).

    Any page showing a credential may call it (the catalogue's credential page, compare);
    anonymous visits are not counted: nobody to count them for.
    """
    if not learner.is_authenticated:
        return
    now = now or timezone.now()
    try:
        with transaction.atomic():
            CredentialInterest.objects.get_or_create(
                learner=learner, credential=credential, defaults={"aware_at": now}
            )
    except IntegrityError:
        pass  # a concurrent first view won; its timestamp is the first one


def note_chose(
    learner: User, credential: MicroCredential, *, now: dt.datetime | None = None
) -> None:
    """Record the first time the learner opened the commitment page (the "choose" phase)."""
    now = now or timezone.now()
    note_aware(learner, credential, now=now)
    CredentialInterest.objects.filter(
        learner=learner, credential=credential, chose_at__isnull=True
    ).update(chose_at=now)


def _lock(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def _move(
    enrolment: Enrolment,
    *,
    to: str | None,
    allowed_from: tuple[str, ...],
    stamp: str,
    now: dt.datetime | None,
) -> Enrolment:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(enrolment)
        if locked.status in _CLOSED:
            raise EnrolmentClosed(
                f"This enrolment was {locked.get_status_display().lower()}; it cannot be "
                f"marked {stamp.removesuffix('_at')}.",
            )
        fields = ["updated_at"]
        if to is not None and locked.status in allowed_from:
            locked.status = to
            fields.append("status")
        if getattr(locked, stamp) is None:
            setattr(locked, stamp, now)
            fields.append(stamp)
        locked.save(update_fields=fields)
    return locked


def mark_commenced(enrolment: Enrolment, *, now: dt.datetime | None = None) -> Enrolment:
    """The learner started learning (their first progress, or the course opening)."""
    return _move(
        enrolment,
        to=EnrolmentStatus.COMMENCED,
        allowed_from=(EnrolmentStatus.COMMITTED,),
        stamp="commenced_at",
        now=now,
    )


def mark_submitted(enrolment: Enrolment, *, now: dt.datetime | None = None) -> Enrolment:
    """The learner submitted evidence for assessment (called by the assessment app)."""
    return _move(
        enrolment,
        to=EnrolmentStatus.SUBMITTED,
        allowed_from=(EnrolmentStatus.COMMITTED, EnrolmentStatus.COMMENCED),
        stamp="submitted_at",
        now=now,
    )


def mark_completed(enrolment: Enrolment, *, now: dt.datetime | None = None) -> Enrolment:
    """The learner met every criterion (called by the assessment app on a pass)."""
    return _move(
        enrolment,
        to=EnrolmentStatus.COMPLETED,
        allowed_from=(
            EnrolmentStatus.COMMITTED,
            EnrolmentStatus.COMMENCED,
            EnrolmentStatus.SUBMITTED,
        ),
        stamp="completed_at",
        now=now,
    )


def mark_awarded(enrolment: Enrolment, *, now: dt.datetime | None = None) -> Enrolment:
    """The credential was issued (called by issuance). An award implies completion."""
    enrolment = mark_completed(enrolment, now=now)
    return _move(enrolment, to=None, allowed_from=(), stamp="awarded_at", now=now)


def mark_shared(enrolment: Enrolment, *, now: dt.datetime | None = None) -> Enrolment:
    """The earner first shared their credential (called by issuance/verification)."""
    return _move(enrolment, to=None, allowed_from=(), stamp="shared_at", now=now)


def recognise_prior_learning(
    learner: User,
    credential: MicroCredential,
    *,
    reference: str = "",
    source: str = "rpl",
    now: dt.datetime | None = None,
) -> PriorRecognition:
    """Record that ``learner`` holds ``credential`` through recognised prior learning.

    The assessment app calls this on an RPL pass; it satisfies prerequisites like a completed
    enrolment does. Idempotent: a second call returns the first record.
    """
    recognition, _ = PriorRecognition.objects.get_or_create(
        learner=learner,
        credential=credential,
        defaults={
            "reference": reference[:200],
            "source": source[:30],
            "recognised_at": now or timezone.now(),
        },
    )
    return recognition
