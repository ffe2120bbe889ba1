"""Learners hand in their assessment: receipt, acknowledgement, late work, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from assessment_helpers import PDF_BYTES, upload
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from credstack.accounts.models import OutboxMessage
from credstack.assessment.models import EvidenceFile, OfferingPolicy, Submission
from credstack.learning.models import EnrolmentStatus


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post(client: Client, enrolment, form):  # type: ignore[no-untyped-def]
    return client.post(reverse("assessment:submit", args=[enrolment.pk]), form)


def test_it_accepts_a_complete_submission_and_shows_the_receipt_at_once(
    client_for, enrolment, good_form
) -> None:
    client = client_for("learner")
    response = post(client, enrolment, good_form())
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:receipt", args=[submission.pk])
    assert re.fullmatch(r"CS-\d{4}-\d{6}", submission.receipt_number)
    page = client.get(response["Location"])
    assert submission.receipt_number in page.content.decode()
    assert submission.attempt == 1 and submission.status == "submitted" and not submission.is_late
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.SUBMITTED


def test_it_stores_evidence_under_random_names_with_sniffed_type_and_hash(
    client_for, enrolment, good_form
) -> None:
    post(client_for("learner"), enrolment, good_form())
    files = {f.original_name: f for f in EvidenceFile.objects.all()}
    assert set(files) == {"deck.pdf", "chart.png"}
    assert files["chart.png"].content_type == "image/png"
    assert files["deck.pdf"].sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert files["deck.pdf"].size == len(PDF_BYTES)
    for f in files.values():
        assert "deck" not in f.storage_name and "chart" not in f.storage_name
        assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png)", f.storage_name)
    assert len(stored_files()) == 2


def test_the_acknowledgement_email_carries_the_receipt_number(
    client_for, enrolment, good_form, cast
) -> None:
    post(client_for("learner"), enrolment, good_form())
    submission = Submission.objects.get()
    message = OutboxMessage.objects.get(category="assessment.acknowledgement")
    assert message.to == cast["learner"].email
    assert submission.receipt_number in message.subject
    assert submission.receipt_number in message.body_text
    assert submission.receipt_number in message.body_html
    assert "Data Storytelling for Decision-Makers" in message.body_text
    assert f"/assessment/submissions/{submission.pk}/" in message.body_text


def test_it_accepts_late_work_and_flags_it(client_for, enrolment, good_form) -> None:
    offering = enrolment.offering
    offering.starts_on = offering.starts_on - dt.timedelta(days=60)
    offering.ends_on = dt.date.today() - dt.timedelta(days=2)
    offering.save()
    response = post(client_for("learner"), enrolment, good_form())
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.is_late
    assert "Late" in client_for("learner").get(response["Location"]).content.decode()
    assert "flagged as late" in OutboxMessage.objects.get().body_text


def test_it_refuses_late_work_when_the_offering_says_so_and_writes_nothing(
    client_for, enrolment, good_form
) -> None:
    offering = enrolment.offering
    offering.starts_on = offering.starts_on - dt.timedelta(days=60)
    offering.ends_on = dt.date.today() - dt.timedelta(days=2)
    offering.save()
    OfferingPolicy.objects.create(offering=offering, refuse_late_submissions=True)
    response = post(client_for("learner"), enrolment, good_form())
    assert response.status_code == 409
    assert "does not accept late submissions" in response.content.decode()
    assert not Submission.objects.exists() and not OutboxMessage.objects.exists()
    assert stored_files() == []


def test_it_refuses_an_oversize_file_with_a_clear_message_and_writes_nothing(
    client_for, enrolment, good_form, settings
) -> None:
    settings.ASSESSMENT_MAX_FILE_BYTES = 1024
    form = good_form()
    file_key = next(k for k, v in form.items() if isinstance(v, list))
    form[file_key] = [upload("huge-report.pdf", PDF_BYTES + b"\0" * 4096)]
    response = post(client_for("learner"), enrolment, form)
    assert response.status_code == 413
    assert (
        "huge-report.pdf" in response.content.decode()
        and "at most 1 KB" in response.content.decode()
    )
    assert not Submission.objects.exists() and stored_files() == []


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("chart.png", b"<!doctype html><html><script>document.cookie</script>", "web page (HTML)"),
        ("report.pdf", b"MZ\x90\x00" + b"\0" * 64, "Windows program"),
    ],
)
def test_it_refuses_a_disguised_file_on_the_page_and_writes_nothing(
    client_for, enrolment, good_form, name, data, phrase
) -> None:
    form = good_form()
    file_key = next(k for k, v in form.items() if isinstance(v, list))
    form[file_key] = [upload(name, data, "image/png")]
    response = post(client_for("learner"), enrolment, form)
    assert response.status_code == 422
    body = response.content.decode()
    assert name in body and phrase in body
    assert not Submission.objects.exists() and stored_files() == []


def test_it_refuses_a_submission_whose_files_together_are_too_large(
    client_for, enrolment, good_form, settings
) -> None:
    settings.ASSESSMENT_MAX_SUBMISSION_BYTES = len(PDF_BYTES) + 10
    response = post(client_for("learner"), enrolment, good_form())
    assert response.status_code == 413
    assert not Submission.objects.exists() and stored_files() == []


def test_it_says_which_required_task_is_unanswered(client_for, enrolment, good_form) -> None:
    form = good_form()
    written = next(
        k for k, v in form.items() if k.startswith("task-") and isinstance(v, str) and "Sales" in v
    )
    form[written] = "   "
    response = post(client_for("learner"), enrolment, form)
    assert response.status_code == 422 and "needs an answer" in response.content.decode()
    assert not Submission.objects.exists()


def test_it_refuses_a_link_that_is_not_a_web_address(client_for, enrolment, good_form) -> None:
    form = good_form()
    link = next(k for k, v in form.items() if isinstance(v, str) and v.startswith("https://"))
    form[link] = "javascript:alert(1)"
    response = post(client_for("learner"), enrolment, form)
    assert response.status_code == 422 and "not a web address" in response.content.decode()
    assert not Submission.objects.exists()


def test_it_refuses_a_second_submission_while_the_first_awaits_review(
    client_for, enrolment, good_form
) -> None:
    client = client_for("learner")
    post(client, enrolment, good_form())
    response = post(client, enrolment, good_form())
    assert response.status_code == 409
    assert Submission.objects.count() == 1
    assert "You have already submitted this assessment" in response.content.decode()


def test_it_refuses_submission_before_the_learner_has_commenced(
    client_for, enrolment, good_form
) -> None:
    enrolment.status = EnrolmentStatus.COMMITTED
    enrolment.save()
    response = post(client_for("learner"), enrolment, good_form())
    assert response.status_code == 409 and "once you have commenced" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "assessor", "facilitator", "administrator"])
def test_nobody_else_can_submit_for_a_learners_enrolment(
    client_for, enrolment, good_form, who
) -> None:
    response = post(client_for(who), enrolment, good_form())
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, enrolment, good_form) -> None:
    response = post(client, enrolment, good_form())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Submission.objects.exists()
