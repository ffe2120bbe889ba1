"""A visitor with no account verifies a baked badge on /verify; the public credential page."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential
from credstack.issuance.models import Award, AwardSource
from credstack.issuance.services import create_issuer_profile, issue_award, revoke_award
from credstack.vc.baking import bake_png

pytestmark = pytest.mark.django_db(transaction=True)


def _screenshot(page: Any, name: str) -> Path:
    # Loaded by path, as the other e2e tests do: "import conftest" depends on collection order.
    spec = importlib.util.spec_from_file_location(
        "e2e_helpers", Path(__file__).with_name("conftest.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.screenshot(page, name)  # type: ignore[no-any-return]


def _award(org: Organisation, email: str) -> Award:
    from credstack.issuance.models import IssuerProfile

    issuer = IssuerProfile.objects.filter(organisation=org).first() or create_issuer_profile(
        None, org
    )
    micro = MicroCredential.objects.filter(organisation=org).first()
    if micro is None:
        micro = MicroCredential.objects.create(
            organisation=org,
            code="DATA-101",
            slug="python-data",
            title="Python for data analysis",
            short_description="Load, clean and summarise tabular data with Python.",
            volume_hours=25,
            status=Lifecycle.PUBLISHED,
        )
        AssessmentCriterion.objects.create(
            credential=micro, position=1, text="The notebook loads and cleans the supplied data."
        )
    award = Award.objects.create(
        credential=micro,
        issuer=issuer,
        credential_lineage=micro.lineage,
        recipient_key=email,
        recipient_email=email,
        recipient_name="Ada Lovelace",
        source=AwardSource.MANUAL,
        source_event=f"e2e:{email}",
    )
    return issue_award(award, deliver=False)


@pytest.fixture
def issued(org: Organisation) -> Award:
    return _award(org, "ada@example.org")


@pytest.fixture
def revoked(org: Organisation, cast: dict[str, User]) -> Award:
    return revoke_award(
        cast["administrator"], _award(org, "grace@example.org"), "Plagiarism found."
    )


@pytest.fixture(autouse=True)
def _platform_address(settings: Any, live_server: Any) -> None:
    """Credentials name https://credstack.test; the verifier serves those URLs internally."""
    settings.BASE_URL = "https://credstack.test"


def _baked(award: Award, tmp_path: Path) -> Path:
    image = io.BytesIO()
    Image.new("RGB", (256, 256), (31, 78, 121)).save(image, format="PNG")
    path = tmp_path / f"badge-{award.pk}.png"
    path.write_bytes(bake_png(image.getvalue(), award.credential_json))
    return path


def test_a_visitor_drops_a_baked_badge_and_reads_that_it_is_valid(
    page: Any, issued: Award, tmp_path: Path
) -> None:
    page.goto("/verify")
    page.get_by_label("Choose a file").set_input_files(str(_baked(issued, tmp_path)))
    page.wait_for_selector("[data-result]")
    assert page.get_by_role("heading", name="Valid").is_visible()
    assert page.get_by_text("This credential is genuine and currently valid.").is_visible()
    assert page.get_by_text("The notebook loads and cleans the supplied data.").first.is_visible()
    _screenshot(page, "verify-valid")


def test_a_visitor_reads_that_a_revoked_badge_is_revoked(
    page: Any, revoked: Award, tmp_path: Path
) -> None:
    page.goto("/verify")
    page.get_by_label("Choose a file").set_input_files(str(_baked(revoked, tmp_path)))
    page.wait_for_selector("[data-result='revoked']")
    assert page.get_by_role("heading", name="Revoked").is_visible()
    assert page.get_by_text("The issuer has revoked this credential.").first.is_visible()
    _screenshot(page, "verify-revoked")


def test_the_public_credential_page_reads_well_on_desktop_and_phone(
    page: Any, phone_page: Any, issued: Award
) -> None:
    page.goto(f"/credentials/{issued.credential_uuid}")
    assert page.get_by_role("heading", name="Python for data analysis").is_visible()
    assert (
        page.locator("meta[property='og:title']").get_attribute("content")
        == "Python for data analysis"
    )
    _screenshot(page, "credential-page-desktop")
    phone_page.goto(f"/credentials/{issued.credential_uuid}")
    assert phone_page.get_by_text("Valid", exact=True).first.is_visible()
    _screenshot(phone_page, "credential-page-phone")
