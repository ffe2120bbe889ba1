"""Integrations fixtures: an https platform, an issuer, a two-credential stack, awards issued
to the cast's learner through issuance's own services, and an earner's logged-in client."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from PIL import Image

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import (
    AssessmentCriterion,
    Lifecycle,
    MicroCredential,
    Stack,
    StackMember,
)
from credstack.issuance.models import Award, AwardSource, IssuerProfile
from credstack.issuance.services import create_issuer_profile, issue_award
from credstack.vc.fetch import MappingFetcher
from credstack.verification.fetch_cache import documents

BASE = "https://credstack.test"


@pytest.fixture(autouse=True)
def _https_platform(settings: Any) -> Iterator[None]:
    settings.BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["credstack.test", "testserver", "127.0.0.1", "localhost"]
    documents.clear()
    cache.clear()
    yield
    documents.clear()


@pytest.fixture
def issuer(org: Organisation) -> IssuerProfile:
    return create_issuer_profile(
        None,
        org,
        description="A public institute of technology.",
        email="badges@northbridge.example",
    )


def _micro(org: Organisation, code: str, title: str) -> MicroCredential:
    credential = MicroCredential.objects.create(
        organisation=org,
        code=code,
        slug=code.lower(),
        title=title,
        short_description=f"{title}: a short, assessed micro-credential.",
        volume_hours=20,
        credit_value="2.5",
        status=Lifecycle.PUBLISHED,
    )
    AssessmentCriterion.objects.create(
        credential=credential, position=1, text="Completes the practical task to the standard."
    )
    return credential


@pytest.fixture
def units(org: Organisation) -> list[MicroCredential]:
    return [
        _micro(org, "SEC-101", "Security fundamentals"),
        _micro(org, "SEC-110", "Incident response"),
    ]


@pytest.fixture
def stack(org: Organisation, units: list[MicroCredential]) -> Stack:
    made = Stack.objects.create(
        organisation=org,
        title="Cyber Security Operations",
        slug="cyber-security-operations",
        award_title="Certificate in Cyber Security Operations",
        description="Both credentials earn the certificate.",
        rule=Stack.Rule.ALL_OF,
    )
    for position, unit in enumerate(units):
        StackMember.objects.create(stack=made, credential=unit, position=position)
    return made


@pytest.fixture
def earner(cast: dict[str, User]) -> User:
    return cast["learner"]


@pytest.fixture
def award_to(issuer: IssuerProfile) -> Callable[..., Award]:
    """Issue ``unit`` to ``user`` (or to an e-mail with no account) through issuance."""
    counter = iter(range(1, 10_000))

    def build(unit: MicroCredential, user: User | None = None, email: str = "") -> Award:
        address = email or (user.email if user else "someone@example.org")
        award = Award.objects.create(
            credential=unit,
            issuer=issuer,
            credential_lineage=unit.lineage,
            recipient_key=address,
            recipient_email=address,
            recipient_name="Ada Lovelace",
            recipient_user=user,
            source=AwardSource.MANUAL,
            source_event=f"test:{next(counter)}",
        )
        return issue_award(award, deliver=False)

    return build


@pytest.fixture
def earner_client(earner: User) -> Client:
    client = Client(HTTP_HOST="credstack.test")
    client.force_login(earner)
    return client


def own_documents(client: Client, *paths: str) -> MappingFetcher:
    """A MappingFetcher serving the platform's real responses at the given paths."""
    served = {}
    for path in paths:
        response = client.get(path, HTTP_HOST="credstack.test")
        served[f"{BASE}{path}"] = response.content
    return MappingFetcher(served, content_type="application/ld+json")


def png_bytes(colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 16), colour).save(buffer, "PNG")
    return buffer.getvalue()
