"""An earner imports a baked badge from elsewhere into their wallet and sees it verified."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential
from credstack.design.services import baked_badge
from credstack.issuance.models import Award, AwardSource
from credstack.issuance.services import create_issuer_profile, issue_award

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def _helpers() -> Any:
    spec = importlib.util.spec_from_file_location(
        "e2e_helpers", Path(__file__).with_name("conftest.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _platform_address(settings: Any, live_server: Any) -> None:
    """Credentials name https://credstack.test; our own URLs are served internally."""
    settings.BASE_URL = "https://credstack.test"


def _issue(org: Organisation, title: str, code: str, email: str, user: User | None) -> Award:
    issuer = getattr(org, "issuer_profile", None) or create_issuer_profile(None, org)
    micro = MicroCredential.objects.create(
        organisation=org,
        code=code,
        slug=code.lower(),
        title=title,
        short_description=f"{title}, assessed in a practical task.",
        volume_hours=20,
        status=Lifecycle.PUBLISHED,
    )
    AssessmentCriterion.objects.create(
        credential=micro, position=1, text="Completes the practical task to the standard."
    )
    award = Award.objects.create(
        credential=micro,
        issuer=issuer,
        credential_lineage=micro.lineage,
        recipient_key=email,
        recipient_email=email,
        recipient_name="Mateo García",
        recipient_user=user,
        source=AwardSource.MANUAL,
        source_event=f"e2e:{code}",
    )
    return issue_award(award, deliver=False)


def test_an_earner_imports_a_baked_badge_and_sees_it_verified(
    page: Any, phone_page: Any, org: Organisation, cast: dict[str, User], tmp_path: Path
) -> None:
    earner = cast["learner"]
    _issue(org, "Security fundamentals", "SEC-101", earner.email, earner)
    # A badge earned before the earner had an account here, saved as a baked PNG.
    older = _issue(org, "Data storytelling", "DATA-101", "mateo@old-school.example", None)
    badge = tmp_path / "data-storytelling.png"
    badge.write_bytes(baked_badge(older, "png").content)

    helpers = _helpers()
    helpers.login(page, earner.username, PASSWORD)
    page.goto("/wallet")
    assert page.get_by_role("heading", name="My wallet").is_visible()
    assert page.get_by_role("link", name="Security fundamentals").is_visible()
    page.get_by_label("Credential file").set_input_files(str(badge))
    page.get_by_role("button", name="Check and add").click()
    page.wait_for_selector("text=was verified and added to your wallet")
    row = page.get_by_role("row", name="Data storytelling")
    assert row.get_by_text("Verified").is_visible()
    helpers.screenshot(page, "wallet-desktop")

    # The same file again is refused clearly, and nothing is added twice.
    page.get_by_label("Credential file").set_input_files(str(badge))
    page.get_by_role("button", name="Check and add").click()
    assert page.get_by_text("This credential is already in your wallet.").is_visible()
    assert page.get_by_role("row", name="Data storytelling").count() == 1

    helpers.login(phone_page, earner.username, PASSWORD)
    phone_page.goto("/wallet")
    phone_page.get_by_text("Share", exact=True).first.click()
    assert phone_page.get_by_role("button", name="Copy link").first.is_visible()
    helpers.screenshot(phone_page, "wallet-phone")
