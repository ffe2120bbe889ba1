"""A designer creates a credential, aligns it to a skill and submits it; a QA manager reviews,
approves and publishes it; a visitor finds it in the catalogue through the skill filter."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from credstack.accounts.models import Membership, Organisation, Role, User
from credstack.catalog.models import LevelScale, Lifecycle, MicroCredential
from credstack.catalog.services import ensure_default_checklist
from credstack.skills.models import Framework, FrameworkItem


def _e2e_helpers():  # type: ignore[no-untyped-def]
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


def _world() -> FrameworkItem:
    org = Organisation.objects.create(
        name="Northbridge Institute of Technology", slug="northbridge"
    )
    for username, role in [("dana", Role.DESIGNER), ("quinn", Role.QA_MANAGER)]:
        user = User.objects.create_user(
            username, f"{username}@example.org", PASSWORD, first_name=username.title()
        )
        Membership.objects.create(user=user, organisation=org, role=role)
    scale = LevelScale.objects.create(name="European Qualifications Framework", slug="eqf")
    for rank in range(1, 9):
        scale.levels.create(rank=rank, name=f"Level {rank}")
    ensure_default_checklist(None, org)
    framework = Framework.objects.create(
        organisation=org, title="Northbridge Digital Skills", slug="nds"
    )
    domain = FrameworkItem.objects.create(
        framework=framework, kind="domain", code="DA", title="Data & Analytics"
    )
    return FrameworkItem.objects.create(
        framework=framework,
        parent=domain,
        code="DA.3.1",
        title="Data visualisation",
        description="Honest, accessible charts.",
    )


def test_a_credential_goes_from_design_to_the_public_catalogue(page) -> None:  # type: ignore[no-untyped-def]
    skill = _world()

    # The designer writes the product backward from its outcomes.
    login(page, "dana", PASSWORD)
    page.goto("/catalogue/manage/new/")
    page.get_by_label("Code").fill("VIZ-101")
    page.get_by_label("Title").fill("Dashboards that Drive Decisions")
    page.get_by_label("Short description").fill("Design dashboards that managers actually use.")
    page.get_by_label("Volume of learning (hours)").fill("18")
    page.get_by_label("Level").select_option(label="EQF 5 — Level 5")
    page.get_by_label("Learning outcome").nth(0).fill("Design a dashboard for a stated decision.")
    page.get_by_label("Learning outcome").nth(1).fill("Evaluate a dashboard with its users.")
    page.get_by_label("Assessment criterion").nth(0).fill(
        "The dashboard answers the decision question."
    )
    page.get_by_label("Outcomes assessed").nth(0).fill("1")
    page.get_by_label("Assessment criterion").nth(1).fill("The evaluation notes lead to changes.")
    page.get_by_label("Outcomes assessed").nth(1).fill("2")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("heading", name="Dashboards that Drive Decisions").wait_for()
    credential = MicroCredential.objects.get(code="VIZ-101")

    # ... aligns it to a skill through the skills app's page ...
    page.get_by_role("link", name="Align to skills").click()
    page.get_by_label("Search").fill("visualisation")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Align DA.3.1").click()
    page.goto(f"/catalogue/manage/{credential.pk}/")
    page.get_by_text("DA.3.1 Data visualisation").wait_for()

    # ... and sends it to review.
    page.get_by_label("Comment").fill("Ready for QA: co-designed with the analytics team.")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("is now in review").wait_for()

    # The QA manager reviews the alignment matrix and the checklist, approves and publishes.
    page.context.clear_cookies()
    login(page, "quinn", PASSWORD)
    page.goto(f"/catalogue/manage/{credential.pk}/review/")
    page.get_by_text("Every outcome is assessed").wait_for()
    for radio in page.get_by_role("radio", name="Yes").all():
        radio.check()
    page.get_by_label("Comment").fill("Constructively aligned; content licensing is clear.")
    screenshot(page, "catalog-review")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Review recorded.").wait_for()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("is now published").wait_for()
    credential.refresh_from_db()
    assert credential.status == Lifecycle.PUBLISHED
    page.goto("/catalogue/manage/analysis/")
    page.get_by_role("heading", name="Constellation map").wait_for()
    screenshot(page, "catalog-pathway-map")

    # A visitor finds it by the skill filter and opens its page.
    page.context.clear_cookies()
    page.goto("/catalogue/")
    page.get_by_label("Skill").select_option(label="Data visualisation")
    page.get_by_role("button", name="Show credentials").click()
    assert f"skill={skill.pk}" in page.url
    screenshot(page, "catalog-catalogue")
    page.get_by_role("link", name="Dashboards that Drive Decisions").click()
    page.get_by_role("heading", name="What you will be able to do").wait_for()
    assert (
        page.locator('meta[property="og:title"]').get_attribute("content")
        == "Dashboards that Drive Decisions"
    )
    screenshot(page, "catalog-credential")
