"""The dashboard and the course page tell the same story about the learner's assessment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from credstack.accounts.models import User
from credstack.assessment.models import AssessmentTask, Submission, TaskKind
from credstack.assessment.services import (
    CriterionInput,
    SubmissionInput,
    judge,
    submit_assessment,
    withdraw_submission,
)
from credstack.catalog.models import AssessmentCriterion, MicroCredential, Offering
from credstack.learning.models import Enrolment, EnrolmentStatus, TermsVersion
from credstack.learning.services import assessment_standing, mark_commenced

from .conftest import enrol_running, make_offering

pytestmark = pytest.mark.django_db

ASKED = "Show the chart you based the recommendation on."


@pytest.fixture
def assessed(credential: MicroCredential) -> MicroCredential:
    """The learning fixtures' credential with two criteria and one written task."""
    for position, text in enumerate(["Chooses a fitting chart", "States a recommendation"], 1):
        AssessmentCriterion.objects.create(credential=credential, position=position, text=text)
    AssessmentTask.objects.create(
        credential=credential, position=1, kind=TaskKind.WRITTEN, prompt="Tell the data story."
    )
    return credential


@pytest.fixture
def learning(assessed: MicroCredential, cast: dict[str, User], terms: TermsVersion) -> Enrolment:
    offering: Offering = make_offering(assessed, starts_in=-7, facilitator=cast["facilitator"])
    return mark_commenced(enrol_running(cast["learner"], offering, terms))


def _hand_in(learner: User, enrolment: Enrolment) -> Submission:
    task = enrolment.credential.assessment_tasks.get()
    return submit_assessment(
        learner, enrolment, SubmissionInput(answers={task.pk: "Sales fell where stock ran out."})
    )


def _ask_for_resubmission(assessor: User, submission: Submission) -> None:
    first, second = submission.credential.criteria.order_by("position")
    judge(
        assessor,
        submission,
        [
            CriterionInput(first.pk, True, "Good choice."),
            CriterionInput(second.pk, False, "The recommendation needs its evidence."),
        ],
        "resubmit",
        ASKED,
    )


def test_the_dashboard_shows_what_the_assessor_asked_for_and_a_link_to_resubmit(
    client_for, cast, learning
):
    _ask_for_resubmission(cast["assessor"], _hand_in(cast["learner"], learning))
    html = client_for("learner").get(reverse("learning:dashboard")).content.decode()
    assert "with the assessors" not in html
    assert "Your assessor has asked you to resubmit." in html
    assert ASKED in html
    assert "States a recommendation" in html and "The recommendation needs its evidence." in html
    assert "Chooses a fitting chart" not in html  # met criteria are not "asked"
    assert reverse("assessment:submit", args=[learning.pk]) in html
    assert "Resubmit your evidence" in html


def test_the_course_page_shows_the_same_request(client_for, cast, learning):
    _ask_for_resubmission(cast["assessor"], _hand_in(cast["learner"], learning))
    html = (
        client_for("learner").get(reverse("learning:course", args=[learning.pk])).content.decode()
    )
    assert "Resubmission requested" in html and ASKED in html
    assert "Resubmit your evidence" in html


def test_while_work_awaits_review_the_dashboard_says_it_is_with_the_assessors(
    client_for, cast, learning
):
    _hand_in(cast["learner"], learning)
    html = client_for("learner").get(reverse("learning:dashboard")).content.decode()
    assert "Your evidence is with the assessors." in html
    assert reverse("assessment:submit", args=[learning.pk]) not in html


def test_a_resubmission_puts_the_work_back_with_the_assessors(client_for, cast, learning):
    first = _hand_in(cast["learner"], learning)
    _ask_for_resubmission(cast["assessor"], first)
    second = _hand_in(cast["learner"], learning)
    standing = assessment_standing(learning)
    assert standing.latest == second and standing.with_assessors and standing.next_action == ""
    html = client_for("learner").get(reverse("learning:dashboard")).content.decode()
    assert "Your evidence is with the assessors." in html and ASKED not in html


def test_a_withdrawn_submission_can_be_handed_in_again_from_both_pages(client_for, cast, learning):
    withdraw_submission(cast["learner"], _hand_in(cast["learner"], learning))
    learning.refresh_from_db()
    assert learning.status == EnrolmentStatus.SUBMITTED
    assert assessment_standing(learning).next_action == "submit"
    client = client_for("learner")
    dashboard = client.get(reverse("learning:dashboard")).content.decode()
    course = client.get(reverse("learning:course", args=[learning.pk])).content.decode()
    url = reverse("assessment:submit", args=[learning.pk])
    assert url in dashboard and url in course
    assert "with the assessors" not in dashboard


def test_a_withdrawn_enrolment_offers_no_resubmission(cast, learning):
    _ask_for_resubmission(cast["assessor"], _hand_in(cast["learner"], learning))
    Enrolment.objects.filter(pk=learning.pk).update(status=EnrolmentStatus.WITHDRAWN)
    learning.refresh_from_db()
    standing = assessment_standing(learning)
    assert standing.resubmission_requested and standing.next_action == ""


def test_a_learner_with_no_submission_is_offered_the_first_hand_in(learning):
    standing = assessment_standing(learning)
    assert standing.latest is None and not standing.with_assessors
    assert standing.next_action == "submit"
