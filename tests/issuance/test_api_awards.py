"""The awards API: Idempotency-Key, filters and pages, decisions, and bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from credstack.accounts.services.tokens import create_token
from credstack.issuance.models import Award, AwardStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast):  # type: ignore[no-untyped-def]
    def client(who: str) -> Client:
        secret = create_token(cast[who], "tests").secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return client


def _award(credential, email="sam@example.org", **extra):  # type: ignore[no-untyped-def]
    return {
        "credential": str(credential.lineage),
        "recipient": {"email": email, "name": "Sam Okafor"},
        **extra,
    }


def test_the_same_key_and_body_get_the_same_answer_and_one_award(api, issuer, credential, set_rule):
    set_rule(credential)
    client = api("badge_issuer")
    first = client.post(
        "/api/v1/issuance/awards",
        _award(credential),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    again = client.post(
        "/api/v1/issuance/awards",
        _award(credential),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Award.objects.count() == 1 and first.json()["status"] == "issued"


def test_the_same_key_with_another_body_is_409(api, issuer, credential, set_rule):
    set_rule(credential)
    client = api("badge_issuer")
    client.post(
        "/api/v1/issuance/awards",
        _award(credential),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    other = client.post(
        "/api/v1/issuance/awards",
        _award(credential, email="kim@example.org"),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    assert other.status_code == 409 and other.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert Award.objects.count() == 1


def test_a_missing_idempotency_key_is_400(api, issuer, credential, set_rule):
    set_rule(credential)
    response = api("badge_issuer").post(
        "/api/v1/issuance/awards", _award(credential), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "IDEMPOTENCY_KEY_REQUIRED"
    assert Award.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"credential": 5}',
        b'{"credential": "00000000-0000-0000-0000-000000000000", "recipient": {"email": "a@b.org"}}',
        b'{"credential": "x", "recipient": {"email": "' + b"a" * 300 + b'"}}',
    ],
)
def test_bad_input_gets_a_problem_detail_and_writes_nothing(
    api, issuer, credential, set_rule, body
):
    set_rule(credential)
    response = api("badge_issuer").post(
        "/api/v1/issuance/awards",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-bad",
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json" and response.json()["code"]
    assert Award.objects.count() == 0


def test_an_invalid_recipient_email_is_422(api, issuer, credential, set_rule):
    set_rule(credential)
    response = api("badge_issuer").post(
        "/api/v1/issuance/awards",
        _award(credential, email="nope"),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-3",
    )
    assert response.status_code == 422 and response.json()["code"] == "RECIPIENT_EMAIL_INVALID"


def test_awards_list_filters_and_paginates(api, make_award, credential, set_rule):
    set_rule(credential, requires_approval=True)
    for n in range(3):
        make_award(email=f"p{n}@example.org")
    client = api("qa_manager")
    page = client.get("/api/v1/issuance/awards?page_size=2").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    only = client.get("/api/v1/issuance/awards?email=P1@example.org").json()
    assert [a["recipient_email"] for a in only["items"]] == ["p1@example.org"]
    assert client.get("/api/v1/issuance/awards?status=issued").json()["count"] == 0
    assert (
        client.get(f"/api/v1/issuance/awards?credential={credential.lineage}").json()["count"] == 3
    )
    assert client.get("/api/v1/issuance/awards?status=bogus").status_code == 422


def test_approve_via_the_api_issues_and_the_detail_carries_the_credential(
    api, make_award, credential, set_rule
):
    set_rule(credential, requires_approval=True)
    award = make_award()
    client = api("qa_manager")
    response = client.post(
        f"/api/v1/issuance/awards/{award.credential_uuid}/approve",
        {"reason": "ok"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "issued"
    detail = client.get(f"/api/v1/issuance/awards/{award.credential_uuid}").json()
    assert detail["credential"]["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"


def test_reissue_via_the_api_replaces_and_revokes_superseded(api, make_award, credential, set_rule):
    set_rule(credential)
    award = make_award()
    response = api("badge_issuer").post(
        f"/api/v1/issuance/awards/{award.credential_uuid}/reissue",
        {"recipient_name": "Ada King"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["replaces"] == str(award.credential_uuid)
    award.refresh_from_db()
    assert award.status == AwardStatus.REVOKED and award.status_reason == "superseded"


def test_keys_are_listed_public_only_and_rotation_is_for_administrators(api, issuer):
    keys = api("analyst").get(f"/api/v1/issuance/issuers/{issuer.slug}/keys").json()
    assert len(keys) == 1 and keys[0]["public_key_multibase"].startswith("z6Mk")
    assert (
        api("badge_issuer").post(f"/api/v1/issuance/issuers/{issuer.slug}/keys/rotate").status_code
        == 403
    )
    rotated = api("administrator").post(f"/api/v1/issuance/issuers/{issuer.slug}/keys/rotate")
    assert rotated.status_code == 201 and [k["current"] for k in rotated.json()] == [True, False]


def test_release_rules_round_trip_through_the_api(api, credential, issuer):
    client = api("designer")
    body = {
        "allowed_sources": ["api", "webhook"],
        "requires_approval": False,
        "validity_months": 36,
        "evidence_sharing": "link",
        "include_result": False,
    }
    put = client.put(
        f"/api/v1/issuance/rules/{credential.lineage}", body, content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["allowed_sources"] == ["api", "webhook"]
    assert (
        client.get(f"/api/v1/issuance/rules/{credential.lineage}").json()["validity_months"] == 36
    )
    bad = client.put(
        f"/api/v1/issuance/rules/{credential.lineage}",
        {**body, "allowed_sources": ["carrier-pigeon"]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/issuance/rules").json()["count"] == 1
