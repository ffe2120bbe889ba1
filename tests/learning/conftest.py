"""Learning fixtures: a published credential with modules and activities, offerings, terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import LearningOutcome, Lifecycle, MicroCredential, Offering
from credstack.learning.models import Activity, EngagementRule, Enrolment, Module, TermsVersion
from credstack.learning.services import enrol

TODAY = dt.date.today


def make_credential(
    org: Organisation,
    code: str = "DATA-101",
    title: str = "Data Literacy Essentials",
    **extra: object,
) -> MicroCredential:
    credential = MicroCredential.objects.create(
        organisation=org,
        code=code.lower(),
        slug=code.lower(),
        title=title,
        short_description=f"{title}: a short, practical course.",
        volume_hours=30,
        status=Lifecycle.PUBLISHED,
        price=450,
        fee_waivers="Free for current students.",
        **extra,
    )
    LearningOutcome.objects.create(
        credential=credential, position=1, text="Clean and summarise a small data set."
    )
    week = 1
    for m in range(2):
        module = Module.objects.create(credential=credential, position=m, title=f"Module {m + 1}")
        for a in range(2):
            Activity.objects.create(
                module=module, position=a, title=f"Activity {m + 1}.{a + 1}", expected_week=week
            )
            week += 1
    return credential


def make_offering(
    credential: MicroCredential,
    *,
    starts_in: int = 14,
    weeks: int = 6,
    capacity: int | None = None,
    **extra: object,
) -> Offering:
    start = TODAY() + dt.timedelta(days=starts_in)
    return Offering.objects.create(
        credential=credential,
        title=f"Cohort starting {start:%B %Y}",
        starts_on=start,
        ends_on=start + dt.timedelta(weeks=weeks),
        capacity=capacity,
        hours_per_week=5,
        **extra,
    )


@pytest.fixture
def credential(org: Organisation) -> MicroCredential:
    return make_credential(org)


@pytest.fixture
def terms(org: Organisation) -> TermsVersion:
    return TermsVersion.objects.create(
        organisation=org,
        version=1,
        text="These terms govern enrolment.",
        learner_obligations="Take part and submit your own work.",
        provider_obligations="Teach, support and assess fairly.",
        effective_from=TODAY() - dt.timedelta(days=30),
    )


@pytest.fixture
def offering(credential: MicroCredential, cast: dict[str, User]) -> Offering:
    return make_offering(credential, facilitator=cast["facilitator"])


@pytest.fixture
def running(credential: MicroCredential, cast: dict[str, User]) -> Offering:
    """An offering that started three weeks ago, with the three engagement rules enabled."""
    offering = make_offering(credential, starts_in=-21, facilitator=cast["facilitator"])
    for kind, n in [("inactive_days", 7), ("behind_pace", 2), ("failed_attempt", 1)]:
        EngagementRule.objects.create(offering=offering, kind=kind, threshold=n)
    return offering


@pytest.fixture
def enrol_in(terms: TermsVersion) -> Callable[..., Enrolment]:
    """Enrol a learner through the service, as the commit page does (dates checked as of then)."""

    def build(learner: User, offering: Offering, *, at: dt.datetime | None = None) -> Enrolment:
        return enrol(
            learner, offering, accepted=True, terms_version_id=terms.pk, now=at or timezone.now()
        )

    return build


def enrol_running(learner: User, offering: Offering, terms: TermsVersion) -> Enrolment:
    """Enrol in an offering that has already started (as of before its enrol-by date)."""
    before = timezone.make_aware(
        dt.datetime.combine(offering.starts_on - dt.timedelta(days=3), dt.time(9))
    )
    return enrol(learner, offering, accepted=True, terms_version_id=terms.pk, now=before)
