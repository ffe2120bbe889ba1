"""Browser test: a learner hands in evidence, an industry assessor passes it, the learner sees
the result. Screenshots: the assessor queue (desktop and phone) and the judging page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from credstack.learning.models import Enrolment, EnrolmentStatus

from ._journey import (
    EXPERT,
    PASSWORD,
    assessed_credential,
    hand_in,
    institution,
    pass_as_expert,
    person,
    running_offering,
)
from .conftest import login, screenshot

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
FILE_TASK = "Upload your chart and report"


@pytest.fixture
def enrolment(db) -> Enrolment:  # type: ignore[no-untyped-def]
    """Sophie, learning on the spring cohort of the shared Data Storytelling credential."""
    credential = assessed_credential(
        institution(),
        code="DATA-101",
        slug="data-storytelling",
        summary="Turn analysis into a story that leads to a decision.",
        file_task=FILE_TASK,
    )
    return Enrolment.objects.create(
        learner=person("sophie", "Sophie Turner"),
        offering=running_offering(credential, "Spring cohort"),
        credential=credential,
        status=EnrolmentStatus.COMMENCED,
        committed_at=timezone.now(),
        commenced_at=timezone.now(),
    )


@pytest.mark.django_db(transaction=True)
def test_a_learner_submits_an_industry_assessor_passes_and_the_learner_sees_the_result(
    page, phone_page, enrolment, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"

    login(page, "sophie", PASSWORD)
    page.goto(f"/assessment/submit/{enrolment.pk}/")
    submission = hand_in(
        page,
        summary="Stock-outs explain the northern sales drop; restock weekly.",
        file_task=FILE_TASK,
        files=[
            {"name": "chart.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ],
        reflection="I would lead with the decision.",
    )
    assert submission.evidence_files.count() == 2

    pass_as_expert(
        page,
        submission,
        "A clear story with an honest recommendation.",
        queue_shot="assessment-queue",
        judging_shot="assessment-judging",
    )

    login(phone_page, EXPERT, PASSWORD)
    phone_page.goto("/assessment/queue/?status=all")
    screenshot(phone_page, "assessment-queue-phone")

    page.context.clear_cookies()
    login(page, "sophie", PASSWORD)
    page.goto(f"/assessment/submissions/{submission.pk}/")
    assert page.get_by_role("heading", name="Your result: Pass").is_visible()
    assert "A clear story with an honest recommendation." in page.content()
