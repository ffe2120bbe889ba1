"""Moderation by a second assessor, and the resubmission cycle."""

from __future__ import annotations

import pytest
from assessment_helpers import all_met, hand_in
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from credstack.assessment.models import (
    AssessmentPolicy,
    IssuanceTrigger,
    Moderation,
    Result,
    Submission,
)
from credstack.assessment.services import judge, moderate
from credstack.problems import Conflict, InvalidInput


def test_the_moderator_must_differ_from_the_first_assessor(
    cast, submission, credential, client_for
) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    with pytest.raises(PermissionDenied):
        moderate(cast["assessor"], judgement, True, "")
    response = client_for("assessor").post(
        reverse("assessment:moderate", args=[judgement.pk]), {"outcome": "confirm"}
    )
    assert response.status_code == 403
    assert not Moderation.objects.exists()


def test_a_second_assessor_confirms_a_judgement(cast, submission, credential) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    moderation = moderate(cast["administrator"], judgement, True, "Sampled; agreed.")
    assert moderation.outcome == "confirmed" and moderation.decision == "pass"
    assert IssuanceTrigger.objects.filter(status="pending").count() == 1


def test_overturning_a_pass_cancels_the_pending_trigger_and_needs_notes(
    cast, submission, credential
) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    with pytest.raises(InvalidInput) as info:
        moderate(
            cast["administrator"], judgement, False, "", all_met(credential, met=False), "resubmit"
        )
    assert info.value.code == "MODERATION_NOTES_REQUIRED"
    moderate(
        cast["administrator"],
        judgement,
        False,
        "The recommendation is not supported.",
        all_met(credential, met=False),
        "resubmit",
    )
    submission.refresh_from_db()
    assert submission.status == "resubmission_requested"
    assert IssuanceTrigger.objects.get().status == "cancelled"
    assert Result.objects.get(submission=submission).decision == "resubmit"


def test_an_overturn_to_pass_still_needs_every_criterion_met(cast, submission, credential) -> None:
    judgement = judge(
        cast["assessor"], submission, all_met(credential, met=False), "not_yet_competent", ""
    )
    with pytest.raises(InvalidInput) as info:
        moderate(
            cast["administrator"],
            judgement,
            False,
            "Too harsh.",
            all_met(credential, met=False),
            "pass",
        )
    assert info.value.code == "PASS_NEEDS_ALL_CRITERIA_MET"
    moderate(cast["administrator"], judgement, False, "Too harsh.", all_met(credential), "pass")
    assert IssuanceTrigger.objects.filter(status="pending").count() == 1


def test_a_consumed_trigger_cannot_be_overturned_here(cast, submission, credential) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    IssuanceTrigger.objects.update(status="consumed")
    with pytest.raises(Conflict) as info:
        moderate(
            cast["administrator"],
            judgement,
            False,
            "Wrong.",
            all_met(credential, met=False),
            "not_yet_competent",
        )
    assert info.value.code == "ALREADY_ISSUED"
    assert Submission.objects.get(pk=submission.pk).status == "passed"


def test_with_moderation_required_the_result_waits_for_the_moderator(
    cast, submission, credential
) -> None:
    AssessmentPolicy.objects.create(credential=credential, moderation_required=True)
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    submission.refresh_from_db()
    assert submission.status == "under_review"
    assert not Result.objects.exists() and not IssuanceTrigger.objects.exists()
    moderate(cast["administrator"], judgement, True, "")
    submission.refresh_from_db()
    assert submission.status == "passed" and IssuanceTrigger.objects.count() == 1


def test_a_judgement_is_moderated_once(cast, submission, credential) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    moderate(cast["administrator"], judgement, True, "")
    with pytest.raises(Conflict):
        moderate(cast["administrator"], judgement, True, "")


def test_the_resubmission_cycle_keeps_the_previous_attempt(
    cast, submission, credential, client_for, good_form
) -> None:
    judge(
        cast["assessor"],
        submission,
        all_met(credential, met=False),
        "resubmit",
        "Add a recommendation.",
    )
    learner = client_for("learner")
    page = learner.get(reverse("assessment:submit", args=[submission.enrolment_id]))
    assert "Resubmit your assessment" in page.content.decode()
    response = learner.post(
        reverse("assessment:submit", args=[submission.enrolment_id]), good_form()
    )
    assert response.status_code == 302
    second = Submission.objects.get(attempt=2)
    assert second.previous == submission and second.status == "submitted"
    submission.refresh_from_db()
    assert submission.status == "resubmission_requested"
    assert submission.evidence_files.count() == 1  # the first attempt's evidence is untouched
    judge(cast["assessor"], second, all_met(credential), "pass", "Now it leads to a decision.")
    assert IssuanceTrigger.objects.get().submission == second


def test_moderating_an_attempt_already_resubmitted_is_refused(
    cast, submission, credential, enrolment
) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential, met=False), "resubmit", "")
    hand_in(cast["learner"], enrolment)
    with pytest.raises(Conflict) as info:
        moderate(cast["administrator"], judgement, True, "")
    assert info.value.code == "ALREADY_RESUBMITTED"


def test_not_yet_competent_is_final_for_the_attempt(
    cast, submission, credential, enrolment
) -> None:
    judge(cast["assessor"], submission, all_met(credential, met=False), "not_yet_competent", "")
    with pytest.raises(Conflict) as info:
        hand_in(cast["learner"], enrolment)
    assert info.value.code == "ALREADY_SUBMITTED"


def test_a_learner_withdraws_an_unjudged_submission_and_may_submit_again(
    client_for, submission, cast, enrolment
) -> None:
    response = client_for("learner").post(reverse("assessment:withdraw", args=[submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    again = hand_in(cast["learner"], enrolment)
    assert again.attempt == 2 and again.previous == submission


@pytest.mark.parametrize("who", ["assessor", "outsider"])
def test_nobody_else_can_withdraw_a_learners_submission(client_for, submission, who) -> None:
    response = client_for(who).post(reverse("assessment:withdraw", args=[submission.pk]))
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_a_judged_submission_cannot_be_withdrawn(client_for, cast, submission, credential) -> None:
    judge(cast["assessor"], submission, all_met(credential, met=False), "not_yet_competent", "")
    response = client_for("learner").post(
        reverse("assessment:withdraw", args=[submission.pk]), follow=True
    )
    assert "can no longer be withdrawn" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "not_yet_competent"
