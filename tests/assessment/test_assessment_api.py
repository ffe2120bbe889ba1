"""The assessment API: multipart submissions, JSON judgements and moderation, triggers."""

from __future__ import annotations

import json

import pytest
from assessment_helpers import PDF_BYTES, all_met, upload
from django.test import Client

from credstack.accounts.models import Role
from credstack.assessment.models import IssuanceTrigger, Judgement, Submission
from credstack.assessment.services import judge

API = "/api/v1/assessment"
EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]


def client_as(who: str, client_for) -> Client:  # type: ignore[no-untyped-def]
    return Client() if who == "anonymous" else client_for(who)


def judgement_body(credential, met: bool = True, decision: str = "pass") -> str:  # type: ignore[no-untyped-def]
    return json.dumps(
        {
            "criteria": [
                {"criterion_id": c.pk, "met": met, "feedback": "ok"}
                for c in credential.criteria.all()
            ],
            "decision": decision,
            "feedback": "Judged through the API.",
        }
    )


def test_a_learner_submits_through_the_api_with_multipart(client_for, enrolment, good_form) -> None:
    response = client_for("learner").post(
        f"{API}/submissions", {"enrolment": enrolment.pk, **good_form()}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["receipt_number"].startswith("CS-") and body["attempt"] == 1
    assert {f["content_type"] for f in body["files"]} == {"application/pdf", "image/png"}
    assert body["reflection"] and body["result"] is None


def test_a_disguised_file_through_the_api_is_a_problem_detail(
    client_for, enrolment, good_form
) -> None:
    form = good_form()
    key = next(k for k, v in form.items() if isinstance(v, list))
    form[key] = [upload("cv.pdf", b"MZ\x90\x00" + b"\0" * 40)]
    response = client_for("learner").post(f"{API}/submissions", {"enrolment": enrolment.pk, **form})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "EVIDENCE_TYPE_REFUSED"
    assert not Submission.objects.exists()


@pytest.mark.parametrize("enrolment_value", ["", "abc", "999999"])
def test_a_missing_or_foreign_enrolment_is_a_clear_problem(
    client_for, enrolment, enrolment_value
) -> None:
    response = client_for("learner").post(f"{API}/submissions", {"enrolment": enrolment_value})
    assert response.status_code in (404, 422)
    assert response.json()["code"] in ("ENROLMENT_REQUIRED", "ENROLMENT_NOT_FOUND")


def test_someone_elses_enrolment_is_not_found(client_for, enrolment, good_form) -> None:
    response = client_for("outsider").post(
        f"{API}/submissions", {"enrolment": enrolment.pk, **good_form()}
    )
    assert response.status_code == 404 and not Submission.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_post_a_judgement(who, client_for, submission, credential) -> None:
    response = client_as(who, client_for).post(
        f"{API}/submissions/{submission.pk}/judgements",
        judgement_body(credential),
        content_type="application/json",
    )
    if who in ("assessor", "administrator"):
        assert response.status_code == 201, response.content
        assert response.json()["submission_status"] == "passed"
        assert IssuanceTrigger.objects.count() == 1
    else:
        assert response.status_code in (401, 403), response.status_code
        assert response["Content-Type"] == "application/problem+json"
        assert not Judgement.objects.exists() and not IssuanceTrigger.objects.exists()


def test_a_pass_with_an_unmet_criterion_is_refused_with_a_stable_code(
    client_for, submission, credential
) -> None:
    response = client_for("assessor").post(
        f"{API}/submissions/{submission.pk}/judgements",
        judgement_body(credential, met=False),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "PASS_NEEDS_ALL_CRITERIA_MET"


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        json.dumps({"criteria": "all", "decision": "pass"}),
        json.dumps({"criteria": [], "decision": "maybe"}),
    ],
)
def test_bad_judgement_bodies_are_problem_details(client_for, submission, body) -> None:
    response = client_for("assessor").post(
        f"{API}/submissions/{submission.pk}/judgements", body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
    assert not Judgement.objects.exists()


def test_moderation_by_the_same_assessor_is_refused_through_the_api(
    client_for, submission, credential, cast
) -> None:
    judgement = judge(cast["assessor"], submission, all_met(credential), "pass", "")
    same = client_for("assessor").post(
        f"{API}/judgements/{judgement.pk}/moderation",
        json.dumps({"outcome": "confirm"}),
        content_type="application/json",
    )
    assert same.status_code == 403
    other = client_for("administrator").post(
        f"{API}/judgements/{judgement.pk}/moderation",
        json.dumps({"outcome": "confirm"}),
        content_type="application/json",
    )
    assert other.status_code == 201 and other.json()["outcome"] == "confirmed"


def test_the_learner_reads_their_result_and_others_cannot(
    client_for, submission, credential, cast
) -> None:
    assert (
        client_for("learner").get(f"{API}/submissions/{submission.pk}/result").json()["code"]
        == "RESULT_NOT_RELEASED"
    )
    judge(cast["assessor"], submission, all_met(credential), "pass", "Ready for work.")
    result = client_for("learner").get(f"{API}/submissions/{submission.pk}/result").json()
    assert result["decision"] == "pass" and result["feedback"] == "Ready for work."
    assert client_for("learner").get(f"{API}/results").json()["count"] == 1
    assert client_for("outsider").get(f"{API}/submissions/{submission.pk}").status_code == 404


def test_assessors_list_the_queue_and_learners_see_an_empty_one(client_for, submission) -> None:
    listed = client_for("assessor").get(f"{API}/submissions").json()
    assert (
        listed["count"] == 1 and listed["items"][0]["receipt_number"] == submission.receipt_number
    )
    assert client_for("learner").get(f"{API}/submissions").json()["count"] == 0
    assert client_for("learner").get(f"{API}/submissions/mine").json()["count"] == 1


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_list_issuance_triggers(who, client_for, submission, credential, cast) -> None:
    judge(cast["assessor"], submission, all_met(credential), "pass", "")
    response = client_as(who, client_for).get(f"{API}/issuance-triggers", {"status": "pending"})
    if who in ("badge_issuer", "qa_manager", "administrator"):
        body = response.json()
        assert (
            body["count"] == 1
            and body["items"][0]["idempotency_key"] == f"assessment:{submission.pk}"
        )
    else:
        assert response.status_code in (401, 403)


def test_an_unknown_trigger_status_filter_is_a_problem_detail(client_for) -> None:
    response = client_for("badge_issuer").get(f"{API}/issuance-triggers", {"status": "eaten"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"


def test_an_rpl_application_through_the_api_names_unmapped_criteria(client_for, credential) -> None:
    first = credential.criteria.first()
    response = client_for("outsider").post(
        f"{API}/rpl/{credential.pk}",
        {
            "item-1-description": "My work sample.",
            "item-1-file": upload("s.pdf", PDF_BYTES),
            "item-1-criteria": [str(first.pk)],
        },
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "CRITERIA_UNMAPPED" and len(problem["errors"]) == 1
