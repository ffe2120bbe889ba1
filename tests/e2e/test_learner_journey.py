"""The whole learner-and-earner journey in Chromium, from the catalogue to the next credential.

A learner finds a credential, enrols accepting the commitment, records progress, is nudged after
simulated inactivity, submits evidence, an industry assessor passes it, and the learner sees the
result and what to take next. Screenshots: the learner dashboard (desktop and phone), the
facilitator's support queue, the assessor queue, the course page with the result, and the
celebrate page.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from credstack.accounts.models import Membership, OutboxMessage, Role
from credstack.catalog.models import LearningOutcome, Offering, Stack, StackMember
from credstack.learning.models import (
    Activity,
    CredentialInterest,
    EngagementRule,
    Enrolment,
    Module,
    ProgressStatement,
    TermsVersion,
)
from credstack.learning.services import configure_rules, evaluate_engagement

from ._journey import (
    PASSWORD,
    assessed_credential,
    hand_in,
    institution,
    pass_as_expert,
    person,
    published_credential,
    running_offering,
)
from .conftest import login, screenshot

INACTIVE_DAYS = 5
FILE_TASK = "Upload your chart"

pytestmark = pytest.mark.django_db(transaction=True)


def _chart_png() -> bytes:
    """A small real PNG: a bar chart drawn with Pillow (the evidence the learner uploads)."""
    image = Image.new("RGB", (160, 100), "white")
    draw = ImageDraw.Draw(image)
    for i, height in enumerate((40, 75, 25, 60)):
        draw.rectangle((15 + i * 35, 90 - height, 40 + i * 35, 90), fill=(31, 94, 160))
    draw.line((10, 90, 150, 90), fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _world() -> dict[str, Any]:
    """An institution with a running offering, its facilitator, rules, a stack and an assessor."""
    today = timezone.localdate()
    place = institution()
    learner = person("maya", "Maya Okafor")
    facilitator = person("tomas", "Tomás Reyes")
    Membership.objects.create(user=facilitator, organisation=place.org, role=Role.FACILITATOR)
    TermsVersion.objects.create(
        organisation=place.org,
        version=2,
        title="Northbridge terms of enrolment",
        text="1. Enrolment. Your place is confirmed when you accept the commitment shown.",
        learner_obligations="Spend the stated hours each week and submit your own work.",
        provider_obligations="A named facilitator, and assessment within ten working days.",
        effective_from=today - dt.timedelta(days=30),
    )

    credential = assessed_credential(
        place,
        code="DATA-201",
        slug="data-storytelling",
        summary="Turn an analysis into a story that leads to a decision.",
        file_task=FILE_TASK,
    )
    LearningOutcome.objects.create(
        credential=credential, position=1, text="Present data honestly with a fitting chart."
    )
    LearningOutcome.objects.create(
        credential=credential, position=2, text="Make a recommendation the evidence supports."
    )
    module = Module.objects.create(credential=credential, title="From analysis to story")
    for position, title in enumerate(["Find the one question", "Choose the chart"]):
        Activity.objects.create(
            module=module, position=position, title=title, expected_week=position + 1
        )
    offering = running_offering(
        credential,
        "Autumn cohort",
        enrol_by=today + dt.timedelta(days=7),
        capacity=20,
        hours_per_week=4,
        facilitator=facilitator,
    )
    configure_rules(
        offering,
        actor=facilitator,
        settings={EngagementRule.Kind.INACTIVE_DAYS: (True, INACTIVE_DAYS)},
    )

    following = published_credential(
        place.org,
        "DATA-202",
        "decision-dashboards",
        "Dashboards that Drive Decisions",
        "Build a dashboard a manager uses every Monday morning.",
    )
    Offering.objects.create(
        credential=following,
        title="Winter cohort",
        starts_on=today + dt.timedelta(weeks=8),
        ends_on=today + dt.timedelta(weeks=14),
    )
    stack = Stack.objects.create(
        organisation=place.org,
        title="Data for Decisions",
        slug="data-for-decisions",
        award_title="Certificate in Data for Decisions",
    )
    StackMember.objects.create(stack=stack, credential=credential, position=1)
    StackMember.objects.create(stack=stack, credential=following, position=2)
    return {"learner": learner, "credential": credential, "offering": offering}


def test_a_learner_goes_from_the_catalogue_to_a_pass_and_sees_the_next_credential(
    page, phone_page, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    world = _world()
    learner, credential = world["learner"], world["credential"]

    # Aware and choose: find the credential in the catalogue by searching for it.
    login(page, "maya", PASSWORD)
    page.goto("/catalogue/")
    page.get_by_label("Search", exact=True).fill("storytelling")
    page.get_by_role("button", name="Show credentials").click()
    page.get_by_role("heading", name="1 credential matches your filters").wait_for()
    page.get_by_role("link", name="Data Storytelling").click()
    page.get_by_role("heading", name="Data Storytelling", level=1).wait_for()
    assert CredentialInterest.objects.filter(learner=learner, credential=credential).exists()

    # Commit: the box must be ticked before the enrolment is confirmed.
    page.get_by_role("link", name="Enrol in Autumn cohort").click()
    page.get_by_role("heading", name="Enrol in Data Storytelling").wait_for()
    page.get_by_label("I have read the commitment and the terms, and I accept them.").check()
    page.get_by_role("button", name="Confirm my enrolment").click()
    page.get_by_role("heading", name="You're enrolled in Data Storytelling").wait_for()
    enrolment = Enrolment.objects.get(learner=learner, credential=credential)
    assert enrolment.committed_at is not None and enrolment.accepted_terms is not None

    # Commence: record progress on the first activity.
    page.get_by_role("link", name="Open the course").click()
    page.get_by_role("button", name="Mark done: Find the one question").click()
    page.get_by_text("1 of 2 activities done (50%)").wait_for()

    # Support: the learner goes quiet; the engagement rule fires on the next evaluation.
    idle_since = timezone.now() - dt.timedelta(days=INACTIVE_DAYS + 2)
    ProgressStatement.objects.filter(enrolment=enrolment).update(timestamp=idle_since)
    raised = evaluate_engagement()
    assert [(a.enrolment_id, a.rule.kind) for a in raised] == [(enrolment.pk, "inactive_days")]
    nudge = OutboxMessage.objects.get(to=learner.email, category="learning.nudge")
    assert nudge.subject == "How is Data Storytelling going?"
    page.goto("/learn/")
    page.get_by_text("we haven't seen you for a while").wait_for()
    assert page.get_by_text("Progress: 1 of 2 activities (50%)").is_visible()
    assert page.get_by_text("0 of 2 credentials toward Certificate in Data for Decisions").count()
    screenshot(page, "learner-dashboard")
    login(phone_page, "maya", PASSWORD)
    phone_page.goto("/learn/")
    phone_page.get_by_text("we haven't seen you for a while").wait_for()
    screenshot(phone_page, "learner-dashboard-phone")

    page.context.clear_cookies()
    login(page, "tomas", PASSWORD)
    page.goto("/learn/facilitate/")
    alerts = page.get_by_role("table")
    alerts.get_by_role("rowheader", name="Maya Okafor").wait_for()
    assert alerts.get_by_text(f"No activity for {INACTIVE_DAYS + 2} days").count()
    screenshot(page, "facilitator-queue")

    # Complete: the learner hands in a written answer, a real PNG and a reflection.
    page.context.clear_cookies()
    login(page, "maya", PASSWORD)
    page.goto(f"/learn/enrolments/{enrolment.pk}/")
    page.get_by_role("link", name="Submit your evidence").click()
    submission = hand_in(
        page,
        summary="Stock-outs, not demand, explain the northern sales drop: restock weekly.",
        file_task=FILE_TASK,
        files={"name": "sales-by-region.png", "mimeType": "image/png", "buffer": _chart_png()},
        reflection="I would lead with the decision and put the method in an appendix.",
    )
    assert submission.enrolment_id == enrolment.pk and submission.evidence_files.count() == 1
    page.goto(f"/learn/enrolments/{enrolment.pk}/")
    assert page.get_by_test_id("submission-status").inner_text() == "Awaiting review"

    # Assess: the invited industry assessor judges every criterion met and passes.
    criteria = pass_as_expert(
        page,
        submission,
        "An honest chart and a recommendation a manager can act on.",
        queue_shot="assessor-queue",
    )
    assert criteria == 2

    # Celebrate: the learner sees the result, then what it leads to.
    page.context.clear_cookies()
    login(page, "maya", PASSWORD)
    page.goto(f"/learn/enrolments/{enrolment.pk}/")
    assert page.get_by_test_id("submission-status").inner_text() == "Passed"
    screenshot(page, "learner-course-result")
    page.get_by_role("link", name="See your result and feedback").click()
    page.get_by_role("heading", name="Your result: Pass").wait_for()
    assert page.get_by_text("An honest chart and a recommendation a manager can act on.").count()
    page.get_by_role("link", name="See what this leads to").click()
    page.get_by_role("heading", name="You completed Data Storytelling").wait_for()
    next_step = page.locator(".next-step")
    assert next_step.get_by_role("heading", name="Dashboards that Drive Decisions").is_visible()
    assert next_step.get_by_text("Next in Data for Decisions").is_visible()
    assert next_step.get_by_role("link", name="Enrol in Dashboards that Drive Decisions").count()
    screenshot(page, "learner-celebrate")
