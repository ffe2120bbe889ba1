"""Verification fixtures: an issuer with credentials issued through the issuance services,
loopback HTTP(S) servers, and the fetcher's allowances for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential
from credstack.issuance.models import Award, AwardSource, IssuerProfile
from credstack.issuance.services import (
    create_issuer_profile,
    issue_award,
    revoke_award,
    suspend_award,
)
from credstack.issuance.services.issuers import signing_key, verification_method
from credstack.vc.proofs import sign
from credstack.verification.fetch_cache import documents
from credstack.verification.own_documents import memo

from .servers import LoopbackServer, serve


@pytest.fixture(autouse=True)
def _fresh_caches(settings: Any) -> Iterator[None]:
    """Each test starts with empty fetch caches and rate-limit buckets, on an https BASE_URL
    (the engine resolves issuer keys only at https URLs, as in production)."""
    settings.BASE_URL = "https://credstack.test"
    settings.ALLOWED_HOSTS = ["credstack.test", "testserver", "127.0.0.1", "localhost"]
    documents.clear()
    memo.clear()
    cache.clear()
    yield
    documents.clear()
    memo.clear()


@pytest.fixture
def issuer(org: Organisation) -> IssuerProfile:
    return create_issuer_profile(None, org, description="A public institute of technology.")


@pytest.fixture
def micro(org: Organisation) -> MicroCredential:
    credential = MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="python-data",
        title="Python for data analysis",
        short_description="Load, clean and summarise tabular data with Python.",
        assessment_methods="A practical notebook assessed against two criteria.",
        volume_hours=25,
        status=Lifecycle.PUBLISHED,
    )
    AssessmentCriterion.objects.create(
        credential=credential, position=1, text="The notebook loads and cleans the supplied data."
    )
    AssessmentCriterion.objects.create(
        credential=credential, position=2, text="The summary answers the business question."
    )
    return credential


@pytest.fixture
def award_for(issuer: IssuerProfile, micro: MicroCredential) -> Callable[..., Award]:
    """Issue a credential to ``email`` through issuance's own services."""

    def build(
        email: str = "ada@example.org", *, user: User | None = None, name: str = "Ada Lovelace"
    ) -> Award:
        award = Award.objects.create(
            credential=micro,
            issuer=issuer,
            credential_lineage=micro.lineage,
            recipient_key=email,
            recipient_email=email,
            recipient_name=name,
            recipient_user=user,
            source=AwardSource.MANUAL,
            source_event=f"test:{email}",
        )
        return issue_award(award, deliver=False)

    return build


@pytest.fixture
def issued(award_for: Callable[..., Award]) -> Award:
    return award_for()


@pytest.fixture
def revoked(award_for: Callable[..., Award], cast: dict[str, User]) -> Award:
    return revoke_award(cast["administrator"], award_for("grace@example.org"), "Plagiarism found.")


@pytest.fixture
def suspended(award_for: Callable[..., Award], cast: dict[str, User]) -> Award:
    return suspend_award(cast["administrator"], award_for("alan@example.org"), "Under review.")


@pytest.fixture
def expired_credential(issued: Award) -> dict[str, Any]:
    """A credential credstack's issuer signed with a validity period that has ended."""
    document = {k: v for k, v in issued.credential_json.items() if k != "proof"}
    document["id"] = "urn:uuid:3a1f6c52-1a55-4d7b-9c1e-2f4f0e3a9b10"
    document["validFrom"] = (datetime.now(UTC) - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    document["validUntil"] = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    key_row, key = signing_key(issued.issuer)
    return sign(
        document,
        key,
        verification_method=verification_method(issued.issuer, key_row.public_multibase),
    )


@pytest.fixture
def allow_loopback(settings: Any) -> None:
    settings.CREDSTACK_FETCH_ALLOW_HTTP = True
    settings.CREDSTACK_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    server = serve()
    yield server
    server.stop()
