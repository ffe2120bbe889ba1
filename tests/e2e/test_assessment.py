"""Browser test: a learner hands in evidence, an industry assessor passes it, the learner sees
the result. Screenshots: the assessor queue (desktop and phone) and the judging page."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
from django.utils import timezone

from credstack.accounts.models import Membership, Organisation, Role, User
from credstack.assessment.models import AssessmentTask, AssessorInvitation, Submission, TaskKind
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential, Offering
from credstack.learning.models import Enrolment, EnrolmentStatus


def _e2e_helpers():  # type: ignore[no-untyped-def]
    # Loaded by path (as the other browser tests do): "import conftest" depends on collection order.
    spec = importlib.util.spec_from_file_location(
        "e2e_helpers", Path(__file__).with_name("conftest.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
login, screenshot = _helpers.login, _helpers.screenshot

PASSWORD = "correct horse battery staple"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def person(username: str, name: str) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, display_name=name
    )


@pytest.fixture
def journey(db):  # type: ignore[no-untyped-def]
    org = Organisation.objects.create(
        name="Northbridge Institute of Technology", slug="northbridge"
    )
    partner = Organisation.objects.create(
        name="Harbour Digital Ltd", slug="harbour-digital", kind=Organisation.Kind.INDUSTRY_PARTNER
    )
    assessor = person("priya", "Priya Raman")
    Membership.objects.create(user=assessor, organisation=org, role=Role.ASSESSOR)
    expert = person("grace", "Grace Whitfield")
    Membership.objects.create(user=expert, organisation=partner, role=Role.INDUSTRY_ASSESSOR)
    learner = person("sophie", "Sophie Turner")
    credential = MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="data-storytelling",
        title="Data Storytelling",
        short_description="Turn analysis into a story that leads to a decision.",
        volume_hours=30,
        status=Lifecycle.PUBLISHED,
        published_at=timezone.now(),
    )
    AssessmentCriterion.objects.create(
        credential=credential,
        position=1,
        text="Chooses a chart that fits the question",
        rubric="The chart type matches the comparison; axes are labelled and honest.",
    )
    AssessmentCriterion.objects.create(
        credential=credential,
        position=2,
        text="States a recommendation the evidence supports",
        rubric="One clear recommendation, with its limits named.",
    )
    AssessmentTask.objects.create(
        credential=credential, position=1, kind=TaskKind.WRITTEN, prompt="Summarise your data story"
    )
    AssessmentTask.objects.create(
        credential=credential, position=2, kind=TaskKind.FILE, prompt="Upload your chart and report"
    )
    AssessmentTask.objects.create(
        credential=credential,
        position=3,
        kind=TaskKind.REFLECTION,
        prompt="Reflect on what you would change",
    )
    AssessorInvitation.objects.create(credential=credential, assessor=expert, invited_by=assessor)
    today = timezone.localdate()
    offering = Offering.objects.create(
        credential=credential,
        title="Spring cohort",
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=20),
    )
    enrolment = Enrolment.objects.create(
        learner=learner,
        offering=offering,
        credential=credential,
        status=EnrolmentStatus.COMMENCED,
        committed_at=timezone.now(),
        commenced_at=timezone.now(),
    )
    return {"enrolment": enrolment, "credential": credential}


@pytest.mark.django_db(transaction=True)
def test_a_learner_submits_an_industry_assessor_passes_and_the_learner_sees_the_result(
    page, phone_page, journey, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    enrolment = journey["enrolment"]

    login(page, "sophie", PASSWORD)
    page.goto(f"/assessment/submit/{enrolment.pk}/")
    page.get_by_label("Summarise your data story").fill(
        "Stock-outs explain the northern sales drop; restock weekly."
    )
    page.get_by_label("Upload your chart and report").set_input_files(
        [
            {"name": "chart.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    page.get_by_label("Reflect on what you would change").fill("I would lead with the decision.")
    page.get_by_role("button", name="Submit for assessment").click()
    receipt = page.get_by_test_id("receipt-number").inner_text()
    assert re.fullmatch(r"CS-\d{4}-\d{6}", receipt)
    submission = Submission.objects.get(receipt_number=receipt)
    assert submission.evidence_files.count() == 2

    page.context.clear_cookies()
    login(page, "grace", PASSWORD)
    page.goto("/assessment/queue/")
    assert page.get_by_role("link", name=receipt).is_visible()
    screenshot(page, "assessment-queue")
    page.get_by_role("link", name=receipt).click()
    page.get_by_role("heading", name="Your judgement").wait_for()
    screenshot(page, "assessment-judging")
    for group in page.get_by_role("radiogroup").all():
        group.get_by_label("Met", exact=True).check()
    page.get_by_label("Pass (every criterion met)").check()
    page.get_by_label("Overall feedback to the learner").fill(
        "A clear story with an honest recommendation."
    )
    page.get_by_role("button", name="Record judgement").click()
    page.get_by_role("heading", name="Judgements").wait_for()
    submission.refresh_from_db()
    assert submission.status == "passed"

    login(phone_page, "grace", PASSWORD)
    phone_page.goto("/assessment/queue/?status=all")
    screenshot(phone_page, "assessment-queue-phone")

    page.context.clear_cookies()
    login(page, "sophie", PASSWORD)
    page.goto(f"/assessment/submissions/{submission.pk}/")
    assert page.get_by_role("heading", name="Your result: Pass").is_visible()
    assert "A clear story with an honest recommendation." in page.content()
