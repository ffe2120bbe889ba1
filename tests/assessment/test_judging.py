"""Assessors judge each criterion; a pass raises exactly one issuance trigger."""

from __future__ import annotations

import pytest
from assessment_helpers import all_met
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from credstack.accounts.models import AuditEntry, OutboxMessage
from credstack.assessment.models import IssuanceTrigger, Judgement, Result, Submission
from credstack.assessment.services import CriterionInput, judge, raise_issuance_trigger
from credstack.learning.models import EnrolmentStatus
from credstack.problems import Conflict, InvalidInput


def judging_form(credential, met=True, decision="pass"):  # type: ignore[no-untyped-def]
    form = {"decision": decision, "feedback": "A clear, honest story with a decision at the end."}
    for c in credential.criteria.all():
        form[f"criterion-{c.pk}"] = "met" if met else "not_yet_met"
        form[f"criterion-{c.pk}-feedback"] = f"Feedback on {c.position}"
    return form


def test_a_pass_releases_the_result_raises_one_trigger_and_completes_the_enrolment(
    cast, submission, credential
) -> None:
    judge(cast["assessor"], submission, all_met(credential), "pass", "Well done.")
    submission.refresh_from_db()
    assert submission.status == "passed"
    assert Result.objects.get(submission=submission).decision == "pass"
    trigger = IssuanceTrigger.objects.get()
    assert trigger.idempotency_key == f"assessment:{submission.pk}"
    assert (trigger.status, trigger.source, trigger.learner, trigger.credential) == (
        "pending",
        "assessment",
        cast["learner"],
        credential,
    )
    assert trigger.consumed_at is None
    submission.enrolment.refresh_from_db()
    assert submission.enrolment.status == EnrolmentStatus.COMPLETED
    assert AuditEntry.objects.filter(
        action="assessment.submission.judged", object_id=str(submission.pk)
    ).exists()


def test_the_learner_is_emailed_the_result_with_the_feedback(cast, submission, credential) -> None:
    judge(
        cast["assessor"],
        submission,
        all_met(credential),
        "pass",
        "A clear story that led to a decision.",
    )
    message = OutboxMessage.objects.get(category="assessment.result")
    assert message.to == cast["learner"].email
    assert "Pass" in message.subject
    assert "A clear story that led to a decision." in message.body_text
    assert submission.receipt_number in message.body_html


def test_a_pass_needs_every_criterion_met(cast, submission, credential) -> None:
    criteria = all_met(credential)
    criteria[1] = CriterionInput(criteria[1].criterion_id, False, "No recommendation yet.")
    with pytest.raises(InvalidInput) as info:
        judge(cast["assessor"], submission, criteria, "pass", "")
    assert info.value.code == "PASS_NEEDS_ALL_CRITERIA_MET"
    submission.refresh_from_db()
    assert submission.status == "submitted" and not Judgement.objects.exists()
    assert not IssuanceTrigger.objects.exists()


def test_the_judging_page_refuses_a_pass_with_an_unmet_criterion(
    client_for, submission, credential
) -> None:
    form = judging_form(credential)
    first = credential.criteria.first()
    form[f"criterion-{first.pk}"] = "not_yet_met"
    response = client_for("assessor").post(reverse("assessment:review", args=[submission.pk]), form)
    assert response.status_code == 422
    assert "A pass needs every criterion met" in response.content.decode()
    assert not Judgement.objects.exists()


def test_every_criterion_must_be_judged(cast, submission, credential) -> None:
    with pytest.raises(InvalidInput) as info:
        judge(cast["assessor"], submission, all_met(credential)[:1], "not_yet_competent", "")
    assert info.value.code == "CRITERIA_INCOMPLETE"


def test_not_yet_competent_releases_a_result_without_a_trigger(
    cast, submission, credential
) -> None:
    judge(
        cast["assessor"],
        submission,
        all_met(credential, met=False),
        "not_yet_competent",
        "Not there yet.",
    )
    submission.refresh_from_db()
    assert submission.status == "not_yet_competent"
    assert not IssuanceTrigger.objects.exists()


def test_repeated_passes_raise_exactly_one_trigger(
    cast, submission, credential, client_for
) -> None:
    judge(cast["assessor"], submission, all_met(credential), "pass", "")
    with pytest.raises(Conflict):
        judge(cast["administrator"], submission, all_met(credential), "pass", "")
    client = client_for("assessor")
    response = client.post(
        reverse("assessment:review", args=[submission.pk]), judging_form(credential)
    )
    assert response.status_code == 409
    again, created = raise_issuance_trigger(submission)
    assert not created
    assert IssuanceTrigger.objects.count() == 1 and again == IssuanceTrigger.objects.get()


def test_the_database_refuses_a_second_trigger_with_the_same_key(
    cast, submission, credential
) -> None:
    from django.db import IntegrityError, transaction

    raise_issuance_trigger(submission)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuanceTrigger.objects.create(
            idempotency_key=f"assessment:{submission.pk}",
            credential=credential,
            learner=cast["learner"],
        )


def test_an_invited_industry_assessor_can_judge(industry_assessor, submission, credential) -> None:
    judge(industry_assessor, submission, all_met(credential), "pass", "Industry-ready.")
    assert Submission.objects.get(pk=submission.pk).status == "passed"


def test_an_industry_assessor_who_is_not_invited_cannot_judge(cast, submission, credential) -> None:
    # cast["industry_assessor"] holds the role at the same organisation but has no invitation.
    with pytest.raises(PermissionDenied):
        judge(cast["industry_assessor"], submission, all_met(credential), "pass", "")
    assert not Judgement.objects.exists()


def test_a_revoked_invitation_takes_the_right_away(
    industry_assessor, submission, credential
) -> None:
    from django.utils import timezone

    industry_assessor.assessor_invitations.update(revoked_at=timezone.now())
    industry_assessor.__dict__.pop("_credstack_industry_assessor", None)
    with pytest.raises(PermissionDenied):
        judge(industry_assessor, submission, all_met(credential), "pass", "")


def test_an_assessor_of_another_organisation_cannot_judge(partner, submission, credential) -> None:
    from assessment_helpers import make_user

    from credstack.accounts.models import Membership, Role

    stranger = make_user("other-assessor")
    Membership.objects.create(user=stranger, organisation=partner, role=Role.ASSESSOR)
    with pytest.raises(PermissionDenied):
        judge(stranger, submission, all_met(credential), "pass", "")
    assert not Judgement.objects.exists()


def test_an_assessor_cannot_judge_their_own_submission(cast, credential, offering) -> None:
    from assessment_helpers import enrol, hand_in

    own = hand_in(cast["assessor"], enrol(cast["assessor"], offering))
    with pytest.raises(PermissionDenied):
        judge(cast["assessor"], own, all_met(credential), "pass", "")


def test_the_result_page_shows_feedback_per_criterion_and_links_to_what_this_leads_to(
    client_for, cast, submission, credential
) -> None:
    judge(cast["assessor"], submission, all_met(credential), "pass", "Ready for the workplace.")
    body = (
        client_for("learner")
        .get(reverse("assessment:detail", args=[submission.pk]))
        .content.decode()
    )
    assert "Your result: Pass" in body and "Ready for the workplace." in body
    assert "Clear and well evidenced." in body  # each criterion's feedback
    assert reverse("learning:celebrate", args=[submission.enrolment_id]) in body


def test_the_learner_sees_no_judgement_before_the_result_is_released(
    client_for, cast, submission, credential
) -> None:
    from credstack.assessment.models import AssessmentPolicy

    AssessmentPolicy.objects.create(credential=credential, moderation_required=True)
    judge(cast["assessor"], submission, all_met(credential), "pass", "Held for moderation.")
    body = (
        client_for("learner")
        .get(reverse("assessment:detail", args=[submission.pk]))
        .content.decode()
    )
    assert "Held for moderation." not in body and "Your work is with the assessors" in body
