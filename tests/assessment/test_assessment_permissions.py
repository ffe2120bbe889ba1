"""The permission matrix: every mutating page and staff page, for every role, learner,
outsider and anonymous visitor; refused requests change nothing."""

from __future__ import annotations

import pytest
from assessment_helpers import all_met
from django.test import Client
from django.urls import reverse

from credstack.accounts.models import Role
from credstack.assessment.models import AssessorInvitation, Judgement, Moderation
from credstack.assessment.services import judge

EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]


def client_as(who: str, client_for) -> Client:  # type: ignore[no-untyped-def]
    return Client() if who == "anonymous" else client_for(who)


def judging_form(credential) -> dict[str, str]:  # type: ignore[no-untyped-def]
    form = {"decision": "pass", "feedback": "Meets the standard."}
    for c in credential.criteria.all():
        form[f"criterion-{c.pk}"] = "met"
    return form


def refused(response, who: str) -> bool:  # type: ignore[no-untyped-def]
    if who == "anonymous":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_judge_a_submission(who, client_for, submission, credential) -> None:
    response = client_as(who, client_for).post(
        reverse("assessment:review", args=[submission.pk]), judging_form(credential)
    )
    if who in ("assessor", "administrator"):
        assert response.status_code == 302 and Judgement.objects.count() == 1
    else:
        assert refused(response, who), response.status_code
        assert not Judgement.objects.exists()
        submission.refresh_from_db()
        assert submission.status == "submitted"


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_moderate_a_judgement(
    who, client_for, submission, credential, industry_assessor
) -> None:
    judgement = judge(industry_assessor, submission, all_met(credential), "pass", "")
    response = client_as(who, client_for).post(
        reverse("assessment:moderate", args=[judgement.pk]), {"outcome": "confirm"}
    )
    if who in ("assessor", "administrator"):
        assert response.status_code == 302 and Moderation.objects.count() == 1
    else:
        assert refused(response, who), response.status_code
        assert not Moderation.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_invite_an_industry_assessor(who, client_for, credential, partner) -> None:
    from assessment_helpers import make_user

    from credstack.accounts.models import Membership

    expert = make_user("invitee")
    Membership.objects.create(user=expert, organisation=partner, role=Role.INDUSTRY_ASSESSOR)
    response = client_as(who, client_for).post(
        reverse("assessment:invitations", args=[credential.pk]), {"email": expert.email}
    )
    if who in ("assessor", "administrator", "qa_manager"):
        assert response.status_code == 302
        assert AssessorInvitation.objects.filter(assessor=expert).count() == 1
    else:
        assert refused(response, who), response.status_code
        assert not AssessorInvitation.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_see_the_queue(who, client_for, submission) -> None:
    response = client_as(who, client_for).get(reverse("assessment:queue"))
    if who in ("assessor", "administrator", "qa_manager"):
        assert (
            response.status_code == 200 and submission.receipt_number in response.content.decode()
        )
    else:
        assert refused(response, who), response.status_code


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_see_the_issuance_triggers_page(
    who, client_for, submission, credential, cast
) -> None:
    judge(cast["assessor"], submission, all_met(credential), "pass", "")
    response = client_as(who, client_for).get(reverse("assessment:triggers"))
    if who in ("badge_issuer", "qa_manager", "administrator"):
        assert response.status_code == 200
        assert f"assessment:{submission.pk}" in response.content.decode()
    else:
        assert refused(response, who), response.status_code


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_see_a_submission_and_its_receipt(who, client_for, submission) -> None:
    response = client_as(who, client_for).get(reverse("assessment:receipt", args=[submission.pk]))
    if who in ("learner", "assessor", "administrator", "qa_manager"):
        assert response.status_code == 200
    else:
        assert refused(response, who), response.status_code


def test_an_invitation_needs_an_industry_assessor(client_for, credential, cast) -> None:
    response = client_for("assessor").post(
        reverse("assessment:invitations", args=[credential.pk]), {"email": cast["outsider"].email}
    )
    assert (
        response.status_code == 422 and "is not an industry assessor" in response.content.decode()
    )
    assert not AssessorInvitation.objects.exists()


def test_revoking_an_invitation_is_audited(client_for, credential, industry_assessor) -> None:
    from credstack.accounts.models import AuditEntry

    invitation = AssessorInvitation.objects.get()
    response = client_for("qa_manager").post(
        reverse("assessment:invitations", args=[credential.pk]), {"revoke": str(invitation.pk)}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="assessment.invitation.revoked").count() == 1


def test_a_qa_manager_reads_the_judging_page_without_the_judging_form(
    client_for, submission
) -> None:
    body = (
        client_for("qa_manager")
        .get(reverse("assessment:review", args=[submission.pk]))
        .content.decode()
    )
    assert "The learner's work" in body and "Not judged yet." in body
    assert "Record judgement" not in body
