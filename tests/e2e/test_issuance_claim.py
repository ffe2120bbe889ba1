"""Browser: a QA manager approves a pending award, the earner claims it from the emailed link,
downloads the baked PNG and opens the LinkedIn share link (intercepted: no network here)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS, login, screenshot

from credstack.accounts.models import OutboxMessage
from credstack.catalog.models import Level, LevelScale, Lifecycle, MicroCredential
from credstack.design.services import badge_spec, render
from credstack.integrations.models import ShareEvent
from credstack.issuance.models import Award, AwardStatus
from credstack.issuance.services import (
    AwardRequest,
    RecipientInput,
    RuleInput,
    award_by_person,
    create_issuer_profile,
    save_release_rule,
)
from credstack.vc.baking import extract


@pytest.fixture
def pending_award(org, cast, settings, live_server):  # type: ignore[no-untyped-def]
    settings.BASE_URL = live_server.url
    scale = LevelScale.objects.create(name="European Qualifications Framework", slug="eqf")
    credential = MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="data-analysis-fundamentals",
        title="Data Analysis Fundamentals",
        short_description="Clean, explore and chart a real data set, and explain what it shows.",
        volume_hours=25,
        level=Level.objects.create(scale=scale, rank=4, name="Upper secondary"),
        status=Lifecycle.PUBLISHED,
    )
    create_issuer_profile(None, org)
    save_release_rule(
        cast["qa_manager"],
        credential,
        RuleInput(allowed_sources=["manual"], requires_approval=True),
    )
    award, _ = award_by_person(
        cast["badge_issuer"],
        AwardRequest(
            credential=credential,
            source="manual",
            source_event="e2e-claim-1",
            recipient=RecipientInput(email=cast["learner"].email, name="Lee Learner"),
        ),
    )
    assert award.status == AwardStatus.PENDING_APPROVAL
    return award


@pytest.mark.django_db(transaction=True)
def test_a_qa_manager_approves_and_the_earner_claims_downloads_and_shares(
    page, phone_page, pending_award, cast
):
    login(page, "qa-manager", PASSWORD)
    page.goto("/issuance/approvals/")
    page.get_by_label("Choose Lee Learner").check()
    page.get_by_role("button", name="Apply to the chosen awards").click()
    page.wait_for_load_state()
    award = Award.objects.get(pk=pending_award.pk)
    assert award.status == AwardStatus.ISSUED

    email = OutboxMessage.objects.get(to=cast["learner"].email, category="issuance.claim")
    claim_url = re.search(r"https?://\S+/issuance/claim/\S+", email.body_text).group(0)
    page.context.clear_cookies()
    login(page, "learner", PASSWORD)
    page.goto(urlsplit(claim_url).path)
    page.get_by_role("button", name="Claim it to my account").click()
    page.get_by_role("heading", name=re.compile("Data Analysis Fundamentals")).wait_for()
    assert "Congratulations" in page.content()
    screenshot(page, "celebration-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Badge image (PNG)").click()
    baked = Path(download_info.value.path()).read_bytes()
    assert extract(baked).credential == Award.objects.get(pk=award.pk).credential_json

    # The network is closed: answer LinkedIn locally and check what we would have sent.
    page.context.route(
        "https://www.linkedin.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>LinkedIn</title>"
        ),
    )
    # The share is counted first (a POST to the platform), then the browser goes on to LinkedIn.
    page.get_by_role("button", name="Add to LinkedIn profile").click()
    page.wait_for_url("https://www.linkedin.com/**")
    parts = urlsplit(page.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert (parts.netloc, parts.path) == ("www.linkedin.com", "/profile/add")
    assert query["startTask"] == "CERTIFICATION_NAME"
    assert query["name"] == "Data Analysis Fundamentals"
    assert query["certId"] == str(award.credential_uuid)
    assert query["certUrl"].endswith(f"/credentials/{award.credential_uuid}")
    assert ShareEvent.objects.filter(award=award, channel="linkedin").count() == 1

    login(phone_page, "learner", PASSWORD)
    phone_page.goto(f"/design/awards/{award.credential_uuid}/")
    phone_page.get_by_role("heading", name=re.compile("Data Analysis Fundamentals")).wait_for()
    screenshot(phone_page, "celebration-phone")

    page.context.clear_cookies()
    login(page, "designer", PASSWORD)
    page.goto(f"/design/credentials/{award.credential_lineage}/")
    page.get_by_label("Text colour", exact=True).fill("#2B5C8A")
    page.locator(".pill-bad").first.wait_for()
    screenshot(page, "badge-designer")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "badge-generated.png").write_bytes(
        render(badge_spec(award.credential), "png").content
    )
