"""The set-up and browser steps the assessment and learner-journey tests share.

An institution with an industry partner, an internal assessor and an invited industry
assessor; a published credential with two criteria and three tasks (written, file,
reflection); and the two browser steps both tests walk through: the learner hands in evidence,
the industry assessor judges every criterion met and passes it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from credstack.accounts.models import Membership, Organisation, Role, User
from credstack.assessment.models import AssessmentTask, Submission, TaskKind
from credstack.assessment.services import invite_assessor
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential, Offering

from .conftest import login, screenshot

PASSWORD = "a long and unusual passphrase"
EXPERT = "grace"
SUMMARY_TASK = "Summarise your data story"
REFLECTION_TASK = "Reflect on what you would change"


def person(username: str, name: str) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, display_name=name
    )


@dataclass
class Institution:
    org: Organisation
    partner: Organisation
    assessor: User  # Priya, the institution's own assessor
    expert: User  # Grace, an industry assessor at the partner


def institution() -> Institution:
    """Northbridge, its industry partner Harbour Digital, and one assessor at each."""
    org = Organisation.objects.create(
        name="Northbridge Institute of Technology", slug="northbridge"
    )
    partner = Organisation.objects.create(
        name="Harbour Digital Ltd", slug="harbour-digital", kind=Organisation.Kind.INDUSTRY_PARTNER
    )
    assessor = person("priya", "Priya Raman")
    Membership.objects.create(user=assessor, organisation=org, role=Role.ASSESSOR)
    expert = person(EXPERT, "Grace Whitfield")
    Membership.objects.create(user=expert, organisation=partner, role=Role.INDUSTRY_ASSESSOR)
    return Institution(org, partner, assessor, expert)


def published_credential(
    org: Organisation, code: str, slug: str, title: str, summary: str
) -> MicroCredential:
    return MicroCredential.objects.create(
        organisation=org,
        code=code,
        slug=slug,
        title=title,
        short_description=summary,
        volume_hours=30,
        status=Lifecycle.PUBLISHED,
        published_at=timezone.now(),
    )


def assessed_credential(
    place: Institution, *, code: str, slug: str, summary: str, file_task: str
) -> MicroCredential:
    """ "Data Storytelling" with its two criteria and three tasks; the expert is invited to it."""
    credential = published_credential(place.org, code, slug, "Data Storytelling", summary)
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
    for position, kind, prompt in [
        (1, TaskKind.WRITTEN, SUMMARY_TASK),
        (2, TaskKind.FILE, file_task),
        (3, TaskKind.REFLECTION, REFLECTION_TASK),
    ]:
        AssessmentTask.objects.create(
            credential=credential, position=position, kind=kind, prompt=prompt
        )
    invite_assessor(place.assessor, credential, place.expert.email)
    return credential


def running_offering(credential: MicroCredential, title: str, **extra: Any) -> Offering:
    """An offering that started a few days ago and runs for six more weeks (unless overridden)."""
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "starts_on": today - dt.timedelta(days=3),
        "ends_on": today + dt.timedelta(weeks=6),
        **extra,
    }
    return Offering.objects.create(credential=credential, title=title, **fields)


def hand_in(  # type: ignore[no-untyped-def]
    page, *, summary: str, file_task: str, files: Any, reflection: str
) -> Submission:
    """On the submit page: answer the three tasks, submit, and return the receipted submission."""
    page.get_by_label(SUMMARY_TASK).fill(summary)
    page.get_by_label(file_task).set_input_files(files)
    page.get_by_label(REFLECTION_TASK).fill(reflection)
    page.get_by_role("button", name="Submit for assessment").click()
    receipt = page.get_by_test_id("receipt-number").inner_text()
    assert re.fullmatch(r"CS-\d{4}-\d{6}", receipt)
    return Submission.objects.get(receipt_number=receipt)


def pass_as_expert(  # type: ignore[no-untyped-def]
    page,
    submission: Submission,
    feedback: str,
    *,
    queue_shot: str,
    judging_shot: str | None = None,
) -> int:
    """Sign in as the industry assessor, judge every criterion met and pass ``submission``.

    Returns how many criteria the judging page asked about.
    """
    receipt = submission.receipt_number
    page.context.clear_cookies()
    login(page, EXPERT, PASSWORD)
    page.goto("/assessment/queue/")
    page.get_by_role("link", name=receipt).wait_for()
    screenshot(page, queue_shot)
    page.get_by_role("link", name=receipt).click()
    page.get_by_role("heading", name="Your judgement").wait_for()
    if judging_shot:
        screenshot(page, judging_shot)
    groups = page.get_by_role("radiogroup").all()
    for group in groups:
        group.get_by_label("Met", exact=True).check()
    page.get_by_label("Pass (every criterion met)").check()
    page.get_by_label("Overall feedback to the learner").fill(feedback)
    page.get_by_role("button", name="Record judgement").click()
    page.get_by_role("heading", name="Judgements").wait_for()
    submission.refresh_from_db()
    assert submission.status == "passed"
    return len(groups)
