"""The dashboard and the facilitator queue cost the same at 3 and at 30 enrolments."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from credstack.accounts.models import User
from credstack.assessment.models import CriterionJudgement, Judgement, Result, Submission
from credstack.catalog.models import AssessmentCriterion
from credstack.learning.models import Alert, EngagementRule, Enrolment, EnrolmentStatus
from credstack.learning.services.commitment import commitment_for

from .conftest import make_credential, make_offering

pytestmark = pytest.mark.django_db

DASHBOARD_MAX = 30
QUEUE_MAX = 30


def _populate(org, cast, n: int) -> None:
    """``n`` enrolments for the learner, each in its own credential, each with an open alert."""
    for i in range(n):
        credential = make_credential(org, code=f"Q-{i}", title=f"Credential {i}")
        offering = make_offering(credential, starts_in=-7, facilitator=cast["facilitator"])
        e = Enrolment.objects.create(
            learner=cast["learner"],
            offering=offering,
            credential=credential,
            status=EnrolmentStatus.COMMENCED,
            commitment=commitment_for(offering, None),
        )
        rule = EngagementRule.objects.create(offering=offering, kind="inactive_days", threshold=3)
        Alert.objects.create(
            enrolment=e,
            offering=offering,
            rule=rule,
            period_key="p",
            detail="No activity for 7 days",
            raised_at=offering.starts_on.isoformat() + "T00:00:00Z",
        )


@pytest.mark.parametrize("n", [3, 30])
def test_the_learner_dashboard_stays_bounded(
    client_for, org, cast, n, django_assert_max_num_queries
):
    _populate(org, cast, n)
    client = client_for("learner")
    with django_assert_max_num_queries(DASHBOARD_MAX):
        r = client.get(reverse("learning:dashboard"))
    assert r.status_code == 200 and r.content.decode().count("enrolment-card") == n


@pytest.mark.parametrize("n", [3, 30])
def test_the_facilitator_queue_stays_bounded(
    client_for, org, cast, n, django_assert_max_num_queries
):
    _populate(org, cast, n)
    client = client_for("facilitator")
    with django_assert_max_num_queries(QUEUE_MAX):
        r = client.get(reverse("learning:queue"))
    assert r.status_code == 200 and f"({n})" in r.content.decode()


def _ask_for_resubmissions(cast: dict[str, User]) -> None:
    """Every one of the learner's enrolments has an attempt sent back with feedback."""
    now = timezone.now()
    for e in Enrolment.objects.filter(learner=cast["learner"]):
        criterion = AssessmentCriterion.objects.create(
            credential_id=e.credential_id, position=1, text=f"Criterion of {e.credential_id}"
        )
        submission = Submission.objects.create(
            learner=e.learner,
            credential_id=e.credential_id,
            enrolment=e,
            offering_id=e.offering_id,
            status="resubmission_requested",
            submitted_at=now,
        )
        judgement = Judgement.objects.create(
            submission=submission, assessor=cast["assessor"], decision="resubmit"
        )
        CriterionJudgement.objects.create(
            judgement=judgement, criterion=criterion, met=False, feedback="Not yet."
        )
        Result.objects.create(
            submission=submission, decision="resubmit", feedback="Redo it.", released_at=now
        )
    Enrolment.objects.filter(learner=cast["learner"]).update(status=EnrolmentStatus.SUBMITTED)


@pytest.mark.parametrize("n", [3, 30])
def test_the_learner_dashboard_stays_bounded_with_resubmission_requests(
    client_for, org, cast, n, django_assert_max_num_queries
):
    _populate(org, cast, n)
    _ask_for_resubmissions(cast)
    client = client_for("learner")
    with django_assert_max_num_queries(DASHBOARD_MAX):
        r = client.get(reverse("learning:dashboard"))
    html = r.content.decode()
    assert r.status_code == 200 and html.count('data-testid="resubmission-request"') == n
