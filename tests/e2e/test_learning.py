"""A learner enrols accepting the commitment, records progress and sees it on the dashboard."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import Lifecycle, MicroCredential, Offering
from credstack.learning.models import Activity, Module, TermsVersion


def _e2e_helpers():  # type: ignore[no-untyped-def]
    # Loaded by path, as in test_accounts.py: "import conftest" depends on collection order.
    spec = importlib.util.spec_from_file_location(
        "e2e_helpers", Path(__file__).with_name("conftest.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
login, screenshot = _helpers.login, _helpers.screenshot
PASSWORD = "a long and unusual passphrase"

pytestmark = pytest.mark.django_db(transaction=True)


def _world() -> Offering:
    org = Organisation.objects.create(
        name="Northbridge Institute of Technology", slug="northbridge"
    )
    User.objects.create_user("sophie", "sophie@example.org", PASSWORD, display_name="Sophie Turner")
    TermsVersion.objects.create(
        organisation=org,
        version=3,
        title="Northbridge terms of enrolment",
        text="1. Enrolment...",
        learner_obligations="Spend the stated hours each week and submit your own work.",
        provider_obligations="Give you a named facilitator and assess your work within ten working days.",
        effective_from=dt.date.today() - dt.timedelta(days=10),
    )
    credential = MicroCredential.objects.create(
        organisation=org,
        code="data-101",
        slug="data-101",
        title="Python for Data Analysis",
        short_description="Load, clean and summarise real data sets.",
        volume_hours=25,
        status=Lifecycle.PUBLISHED,
        price=0,
        fee_waivers="No fee for residents of the region.",
    )
    module = Module.objects.create(credential=credential, title="Getting data into pandas")
    for i, title in enumerate(
        ["Set up your notebook", "Reading CSV and Excel", "Quiz: data frames"]
    ):
        Activity.objects.create(module=module, position=i, title=title, expected_week=i + 1)
    start = dt.date.today() + dt.timedelta(days=12)
    return Offering.objects.create(
        credential=credential,
        title="Spring cohort",
        starts_on=start,
        ends_on=start + dt.timedelta(weeks=6),
        capacity=30,
        hours_per_week=4,
    )


def test_a_learner_commits_records_progress_and_sees_the_dashboard(page, phone_page):
    offering = _world()
    login(page, "sophie", PASSWORD)
    page.goto(f"/learn/enrol/{offering.pk}/")
    assert page.get_by_role("heading", name="Enrol in Python for Data Analysis").is_visible()
    assert page.get_by_text("About 4 hours a week").is_visible()
    screenshot(page, "learning-commit-desktop")
    page.get_by_role("button", name="Confirm my enrolment").click()
    assert page.get_by_text("Tick the box").first.is_visible()  # acceptance is required
    page.get_by_label("I have read the commitment and the terms, and I accept them.").check()
    page.get_by_role("button", name="Confirm my enrolment").click()
    assert page.get_by_role(
        "heading", name="You're enrolled in Python for Data Analysis"
    ).is_visible()
    page.get_by_role("link", name="Open the course").click()
    screenshot(page, "learning-course-desktop")
    page.get_by_role("button", name="Mark done: Set up your notebook").click()
    assert page.get_by_text("1 of 3 activities done (33%)").is_visible()
    page.goto("/learn/")
    assert page.get_by_text("Progress: 1 of 3 activities (33%)").is_visible()
    assert page.get_by_text("Reading CSV and Excel").is_visible()
    screenshot(page, "learning-dashboard-desktop")

    login(phone_page, "sophie", PASSWORD)
    phone_page.goto("/learn/")
    assert phone_page.get_by_text("Progress: 1 of 3 activities (33%)").is_visible()
    screenshot(phone_page, "learning-dashboard-phone")
    phone_page.goto(f"/learn/enrol/{offering.pk}/")
    screenshot(phone_page, "learning-commit-phone")
