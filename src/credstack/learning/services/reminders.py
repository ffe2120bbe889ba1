"""Pre-commence reminders: one email a few days before an offering starts, never two."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from credstack.accounts.models import OutboxMessage

from ..models import Enrolment, EnrolmentStatus
from . import notifications

DEFAULT_DAYS_BEFORE = 3


def send_start_reminders(now: dt.datetime | None = None, *, days: int = DEFAULT_DAYS_BEFORE) -> int:
    """Queue a reminder for each confirmed learner whose offering starts within ``days`` days.

    Returns how many reminders were newly queued. The outbox's dedupe key
    (``learning:enrolment:<id>:start-reminder``) makes a re-run, or a learner matched on two
    consecutive days, receive exactly one reminder.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    today = timezone.localdate(now or timezone.now())
    due = list(
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMMITTED,
            offering__starts_on__gte=today,
            offering__starts_on__lte=today + dt.timedelta(days=days),
        ).select_related("learner", "offering__credential")
    )
    keys = {f"learning:enrolment:{e.pk}:start-reminder" for e in due}
    already = set(
        OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    queued = 0
    for enrolment in due:
        if f"learning:enrolment:{enrolment.pk}:start-reminder" in already:
            continue
        with transaction.atomic():
            notifications.start_reminder(enrolment, (enrolment.offering.starts_on - today).days)
        queued += 1
    return queued
