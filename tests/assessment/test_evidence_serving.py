"""Evidence is served only to those who may see it, with headers that keep it inert."""

from __future__ import annotations

import pytest
from assessment_helpers import PDF_BYTES, PNG_BYTES, upload
from django.urls import reverse

from credstack.assessment.models import EvidenceFile
from credstack.assessment.services import SubmissionInput, submit_assessment

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture
def files(cast, enrolment):  # type: ignore[no-untyped-def]
    tasks = {t.kind: t for t in enrolment.credential.assessment_tasks.all()}
    submit_assessment(
        cast["learner"],
        enrolment,
        SubmissionInput(
            answers={tasks["written"].pk: "My story."},
            files={
                tasks["file"].pk: [
                    upload("chart.png", PNG_BYTES),
                    upload("deck.pdf", PDF_BYTES),
                    upload("logo.svg", SVG),
                    upload("notes.txt", b"plain notes"),
                ]
            },
            reflection="Reflection.",
        ),
    )
    return {f.original_name: f for f in EvidenceFile.objects.all()}


def url(f: EvidenceFile) -> str:
    return reverse("assessment:evidence", args=[f.public_id])


@pytest.mark.parametrize("name", ["chart.png", "deck.pdf"])
def test_images_and_pdfs_are_shown_inline_with_a_safe_type(client_for, files, name) -> None:
    response = client_for("learner").get(url(files[name]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Type"] == files[name].content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) in (PNG_BYTES, PDF_BYTES)


@pytest.mark.parametrize("name", ["logo.svg", "notes.txt"])
def test_svg_and_text_are_never_inline(client_for, files, name) -> None:
    response = client_for("assessor").get(url(files[name]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_download_can_be_forced_for_an_image(client_for, files) -> None:
    response = client_for("learner").get(url(files["chart.png"]) + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "who", ["outsider", "facilitator", "designer", "badge_issuer", "industry_assessor"]
)
def test_people_without_rights_cannot_fetch_evidence(client_for, files, who) -> None:
    assert client_for(who).get(url(files["chart.png"])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, files) -> None:
    response = client.get(url(files["chart.png"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_invited_industry_assessor_and_a_qa_manager_can_fetch_evidence(
    client_for, files, industry_assessor, client
) -> None:
    client.force_login(industry_assessor)
    assert client.get(url(files["deck.pdf"])).status_code == 200
    assert client_for("qa_manager").get(url(files["deck.pdf"])).status_code == 200


def test_an_unknown_evidence_id_is_not_found(client_for, files) -> None:
    assert (
        client_for("learner")
        .get("/assessment/evidence/00000000-0000-0000-0000-000000000000/")
        .status_code
        == 404
    )
