"""Design fixtures: a published micro-credential at a level, in a stack, and an issued award."""

from __future__ import annotations

from urllib.parse import urldefrag

import pytest
from django.test import Client

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import (
    Level,
    LevelScale,
    Lifecycle,
    MicroCredential,
    Stack,
    StackMember,
)
from credstack.issuance.models import Award
from credstack.issuance.services import (
    AwardRequest,
    RecipientInput,
    RuleInput,
    award_by_person,
    create_issuer_profile,
    save_release_rule,
)
from credstack.vc.errors import FetchError
from credstack.vc.fetch import FetchResult

BASE = "https://credstack.test"


@pytest.fixture(autouse=True)
def _https_platform(settings):  # type: ignore[no-untyped-def]
    settings.BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["testserver", "credstack.test"]


@pytest.fixture
def fetcher():  # type: ignore[no-untyped-def]
    """Serve the platform's own public documents (issuer profile, status lists) to the verifier."""
    client = Client()

    def fetch(url: str, *, accept: str = "application/json") -> FetchResult:
        url = urldefrag(url).url
        if not url.startswith(BASE + "/"):
            raise FetchError(f"not a platform URL: {url}")
        response = client.get(
            url.removeprefix(BASE), HTTP_ACCEPT=accept, HTTP_HOST="credstack.test", secure=True
        )
        if response.status_code != 200:
            raise FetchError(f"{url} answered {response.status_code}")
        return FetchResult(url=url, content=response.content, content_type=response["Content-Type"])

    return fetch


@pytest.fixture
def level(db) -> Level:  # type: ignore[no-untyped-def]
    scale = LevelScale.objects.create(name="European Qualifications Framework", slug="eqf")
    return Level.objects.create(scale=scale, rank=5, name="Short-cycle tertiary")


@pytest.fixture
def credential(org: Organisation, level: Level, cast: dict[str, User]) -> MicroCredential:
    return MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="data-analysis-fundamentals",
        title="Data Analysis Fundamentals",
        short_description="Clean, explore and chart a real data set, and explain what it shows.",
        volume_hours=25,
        level=level,
        status=Lifecycle.PUBLISHED,
        author=cast["designer"],
    )


@pytest.fixture
def stacked(credential: MicroCredential, org: Organisation) -> Stack:
    stack = Stack.objects.create(
        organisation=org,
        title="Applied Data",
        slug="applied-data",
        award_title="Certificate in Applied Data",
    )
    StackMember.objects.create(stack=stack, credential=credential)
    return stack


@pytest.fixture
def award(credential: MicroCredential, org: Organisation, cast: dict[str, User]) -> Award:
    """An issued award for the learner, released without QA approval."""
    create_issuer_profile(None, org)
    save_release_rule(
        cast["administrator"],
        credential,
        RuleInput(allowed_sources=["manual"], requires_approval=False),
    )
    award, _ = award_by_person(
        cast["badge_issuer"],
        AwardRequest(
            credential=credential,
            source="manual",
            source_event="design-tests-1",
            recipient=RecipientInput(email="learner@example.org", name="Lee Learner"),
            recipient_user=cast["learner"],
        ),
    )
    award.refresh_from_db()
    assert award.credential_json is not None
    return award
