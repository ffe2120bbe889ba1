"""Issuance fixtures: an https platform address, the organisation's issuer with a key, a
published credential with criteria and skills, release rules, and an offline fetcher that
serves the platform's own public documents to the verifier (no network)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential
from credstack.issuance.models import Award, IssuerProfile
from credstack.issuance.services import (
    AwardRequest,
    RecipientInput,
    RuleInput,
    create_issuer_profile,
    save_release_rule,
)
from credstack.issuance.services.triggers import request_award
from credstack.vc.errors import FetchError
from credstack.vc.fetch import FetchResult

BASE = "https://credstack.test"


@pytest.fixture(autouse=True)
def _https_platform(settings):  # type: ignore[no-untyped-def]
    settings.BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["testserver", "credstack.test"]


@pytest.fixture
def issuer(org: Organisation) -> IssuerProfile:
    return create_issuer_profile(None, org, description="A public institute of technology.")


@pytest.fixture
def credential(org: Organisation) -> MicroCredential:
    cred = MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="data-storytelling",
        title="Data Storytelling for Decision-Makers",
        short_description="Turn analysis into a clear, honest story that leads to a decision.",
        volume_hours=30,
        credit_value="2.5",
        status=Lifecycle.PUBLISHED,
        published_at=timezone.now(),
    )
    AssessmentCriterion.objects.create(
        credential=cred, position=1, text="Chooses a chart that fits the question and the data"
    )
    AssessmentCriterion.objects.create(
        credential=cred, position=2, text="States a recommendation the evidence supports"
    )
    return cred


@pytest.fixture
def set_rule(cast: dict[str, User]) -> Callable[..., Any]:
    def apply(credential: MicroCredential, **fields: Any) -> None:
        data = {
            "allowed_sources": ["assessment", "webhook", "eportfolio", "api", "manual"],
            "requires_approval": False,
            **fields,
        }
        save_release_rule(cast["qa_manager"], credential, RuleInput(**data))

    return apply


@pytest.fixture
def make_award(
    issuer: IssuerProfile, credential: MicroCredential, cast: dict[str, User]
) -> Callable[..., Award]:
    """Request an award through the one trigger path (manual, requested by the badge issuer)."""
    counter = iter(range(1, 10_000))

    def make(email: str = "ada@example.org", **extra: Any) -> Award:
        award, _ = request_award(
            AwardRequest(
                credential=extra.pop("credential", credential),
                source=extra.pop("source", "manual"),
                source_event=extra.pop("source_event", f"manual:{next(counter)}"),
                recipient=RecipientInput(
                    email=email, name=extra.pop("name", "Ada Lovelace"), did=extra.pop("did", "")
                ),
                requested_by=extra.pop("requested_by", cast["badge_issuer"]),
                **extra,
            )
        )
        return award

    return make


class ClientFetcher:
    """A vc Fetcher answering from the Django test client: the verifier reads the platform's
    real responses (profile, status lists) without any network."""

    def __init__(self) -> None:
        self.client = Client()

    def __call__(self, url: str, *, accept: str = "application/json") -> FetchResult:
        if not url.startswith(BASE):
            raise FetchError(f"offline: {url}")
        response = self.client.get(url[len(BASE) :], HTTP_ACCEPT=accept, HTTP_HOST="credstack.test")
        if response.status_code != 200:
            raise FetchError(f"{url}: HTTP {response.status_code}")
        return FetchResult(url=url, content=response.content, content_type=response["Content-Type"])


@pytest.fixture
def fetcher() -> ClientFetcher:
    return ClientFetcher()
