"""Open Badges 2.0 hosted Assertion, BadgeClass and Issuer for every award, and baked PNGs."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.issuance.models import Award
from credstack.issuance.services import revoke_award, suspend_award
from credstack.vc.baking import extract
from credstack.vc.verify import verify

from .conftest import BASE, own_documents

pytestmark = pytest.mark.django_db


def _paths(award: Award) -> tuple[str, str, str]:
    return (
        f"/ob2/assertions/{award.credential_uuid}",
        f"/ob2/badges/{award.credential_lineage}",
        f"/ob2/issuers/{award.issuer.slug}",
    )


@pytest.fixture
def award(award_to: Callable[..., Award], units: list[MicroCredential], earner: User) -> Award:
    return award_to(units[0], earner)


def test_the_three_documents_carry_every_field_ob2_requires(award: Award) -> None:
    client = Client()
    assertion_path, badge_path, issuer_path = _paths(award)
    docs = {}
    for path in (assertion_path, badge_path, issuer_path):
        response = client.get(path, HTTP_HOST="credstack.test")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        docs[path] = json.loads(response.content)
    assertion, badge, issuer = docs[assertion_path], docs[badge_path], docs[issuer_path]
    for doc in (assertion, badge, issuer):
        assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert {"id", "type", "recipient", "badge", "verification", "issuedOn"} <= set(assertion)
    assert assertion["id"] == f"{BASE}{assertion_path}"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["badge"] == f"{BASE}{badge_path}"
    assert assertion["recipient"]["hashed"] is True
    assert assertion["recipient"]["identity"].startswith("sha256$")
    assert award.recipient_email not in json.dumps(assertion)
    assert {"id", "type", "name", "description", "image", "criteria", "issuer"} <= set(badge)
    assert badge["issuer"] == f"{BASE}{issuer_path}"
    assert badge["name"] == "Security fundamentals"
    assert {"id", "type", "name", "url", "email"} <= set(issuer)
    assert issuer["email"] == "badges@northbridge.example"


def test_the_engine_verifies_the_hosted_assertion_served_from_our_own_urls(award: Award) -> None:
    fetcher = own_documents(Client(), *_paths(award))
    assertion_url = f"{BASE}{_paths(award)[0]}"
    report = verify(
        {
            "@context": "https://w3id.org/openbadges/v2",
            "id": assertion_url,
            "verification": {"type": "hosted"},
        },
        fetcher=fetcher,
    )
    assert report.version == "ob2"
    assert report.result == "valid", report.to_text()
    codes = {c.code for c in report.checks}
    assert {"OB2_HOSTED", "OB2_BADGE_RESOLVED", "OB2_ISSUER_RESOLVED", "ISSUER_KEY_BOUND"} <= codes


def test_a_revoked_award_answers_410_with_revoked_and_its_reason(
    award: Award, cast: dict[str, User]
) -> None:
    revoke_award(cast["administrator"], award, "Awarded in error.")
    response = Client().get(_paths(award)[0], HTTP_HOST="credstack.test")
    assert response.status_code == 410
    body = json.loads(response.content)
    assert body["revoked"] is True
    assert body["revocationReason"] == "Awarded in error."
    assert body["id"] == f"{BASE}{_paths(award)[0]}"
    # A consumer reading the 410 body gets no badge to show: never a valid credential.
    report = verify(
        body | {"verification": {"type": "hosted"}},
        fetcher=own_documents(Client(), *_paths(award)),
    )
    assert report.result != "valid"


def test_a_suspended_award_is_gone_too_and_says_it_is_suspended(
    award: Award, cast: dict[str, User]
) -> None:
    suspend_award(cast["qa_manager"], award, "Under review.")
    response = Client().get(_paths(award)[0], HTTP_HOST="credstack.test")
    assert response.status_code == 410
    assert json.loads(response.content)["revocationReason"].startswith("Suspended")


def test_unknown_and_unissued_awards_are_not_found(
    award: Award, units: list[MicroCredential], issuer: object
) -> None:
    client = Client()
    assert client.get("/ob2/assertions/3a1f6c52-1a55-4d7b-9c1e-2f4f0e3a9b10").status_code == 404
    assert client.get("/ob2/badges/3a1f6c52-1a55-4d7b-9c1e-2f4f0e3a9b10").status_code == 404
    assert client.get("/ob2/issuers/nobody").status_code == 404
    assert client.get("/ob2/assertions/not-a-uuid").status_code == 404
    assert client.post(_paths(award)[0]).status_code == 405


def test_the_baked_ob2_png_round_trips_to_the_hosted_assertion(award: Award) -> None:
    response = Client().get(f"{_paths(award)[0]}/badge.png", HTTP_HOST="credstack.test")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    found = extract(response.content)
    assert found.version == "ob2"
    hosted = json.loads(Client().get(_paths(award)[0], HTTP_HOST="credstack.test").content)
    assert found.credential == hosted
    report = verify(response.content, fetcher=own_documents(Client(), *_paths(award)))
    assert (report.format, report.version, report.result) == ("png", "ob2", "valid")


def test_a_revoked_award_has_no_baked_ob2_png(award: Award, cast: dict[str, User]) -> None:
    revoke_award(cast["administrator"], award, "Awarded in error.")
    response = Client().get(f"{_paths(award)[0]}/badge.png", HTTP_HOST="credstack.test")
    assert response.status_code == 410
    assert json.loads(response.content)["code"] == "ASSERTION_GONE"
