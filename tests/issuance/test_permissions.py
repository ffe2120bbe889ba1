"""The permission matrix: every mutating page and endpoint, for every role, learner, outsider
and anonymous visitor. Allowed callers succeed; everyone else gets 403 (302 to login or 401
when anonymous) and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from credstack.accounts.models import Role
from credstack.accounts.services.tokens import create_token
from credstack.issuance.models import Award, IssuerKey, ReleaseRule

pytestmark = pytest.mark.django_db

WHO = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
ISSUERS = {"badge_issuer", "administrator"}
APPROVERS = {"qa_manager", "administrator"}
STANDING = {"badge_issuer", "qa_manager", "administrator"}
RULES = {"designer", "qa_manager", "administrator"}
ADMINS = {"administrator"}


def _state() -> tuple[Any, ...]:
    return (
        sorted(Award.objects.values_list("pk", "status", "decided_by_id")),
        list(
            ReleaseRule.objects.values_list(
                "allowed_sources", "requires_approval", "validity_months"
            )
        ),
        sorted(IssuerKey.objects.values_list("pk", "is_current")),
    )


@pytest.fixture
def world(make_award, credential, set_rule, issuer):  # type: ignore[no-untyped-def]
    set_rule(credential, requires_approval=True)
    pending = make_award(email="pending@example.org")
    set_rule(credential, requires_approval=False)
    issued = make_award(email="issued@example.org")
    set_rule(credential, requires_approval=True)
    return {"pending": pending, "issued": issued, "credential": credential, "issuer": issuer}


def _page_client(who: str, client_for) -> Client:  # type: ignore[no-untyped-def]
    return Client() if who == "anonymous" else client_for(who)


def _api_client(who: str, cast) -> Client:  # type: ignore[no-untyped-def]
    if who == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(cast[who], 'matrix').secret}")


PAGES = {
    "manual award": (
        ISSUERS,
        lambda w: (
            "/issuance/award/new/",
            {
                "credential": w["credential"].pk,
                "recipient_email": "new@example.org",
                "recipient_name": "New Earner",
                "evidence_consent": "none",
                "event": "form-1",
            },
        ),
    ),
    "approve": (
        APPROVERS,
        lambda w: (
            "/issuance/approvals/",
            {"award": [w["pending"].pk], "decision": "approve", "reason": "ok"},
        ),
    ),
    "revoke": (
        STANDING,
        lambda w: (
            f"/issuance/awards/{w['issued'].credential_uuid}/revoke/",
            {"reason": "Issued in error"},
        ),
    ),
    "release rule": (
        RULES,
        lambda w: (
            f"/issuance/rules/{w['credential'].lineage}/",
            {
                "allowed_sources": ["api"],
                "requires_approval": "on",
                "validity_months": "12",
                "evidence_sharing": "link",
            },
        ),
    ),
    "rotate key": (ADMINS, lambda w: (f"/issuance/issuer/{w['issuer'].slug}/rotate/", {})),
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", list(PAGES))
def test_mutating_pages_follow_the_matrix(world, client_for, who, page):
    allowed, build = PAGES[page]
    path, data = build(world)
    before = _state()
    response = _page_client(who, client_for).post(path, data)
    if who in allowed:
        assert response.status_code == 302, (response.status_code, response.content[:2000])
        assert _state() != before
    else:
        expected = 302 if who == "anonymous" else 403
        assert response.status_code == expected
        if who == "anonymous":
            assert "/login" in response["Location"]
        assert _state() == before


ENDPOINTS = {
    "create award": (
        ISSUERS,
        lambda w: (
            "post",
            "/api/v1/issuance/awards",
            {
                "credential": str(w["credential"].lineage),
                "recipient": {"email": "api@example.org"},
                "source": "manual",
            },
        ),
    ),
    "approve": (
        APPROVERS,
        lambda w: (
            "post",
            f"/api/v1/issuance/awards/{w['pending'].credential_uuid}/approve",
            {"reason": "ok"},
        ),
    ),
    "reject": (
        APPROVERS,
        lambda w: (
            "post",
            f"/api/v1/issuance/awards/{w['pending'].credential_uuid}/reject",
            {"reason": "no"},
        ),
    ),
    "revoke": (
        STANDING,
        lambda w: (
            "post",
            f"/api/v1/issuance/awards/{w['issued'].credential_uuid}/revoke",
            {"reason": "error"},
        ),
    ),
    "suspend": (
        STANDING,
        lambda w: (
            "post",
            f"/api/v1/issuance/awards/{w['issued'].credential_uuid}/suspend",
            {"reason": "check"},
        ),
    ),
    "reissue": (
        ISSUERS,
        lambda w: (
            "post",
            f"/api/v1/issuance/awards/{w['issued'].credential_uuid}/reissue",
            {"recipient_name": "Fixed"},
        ),
    ),
    "rule": (
        RULES,
        lambda w: (
            "put",
            f"/api/v1/issuance/rules/{w['credential'].lineage}",
            {"allowed_sources": ["api"]},
        ),
    ),
    "rotate": (
        ADMINS,
        lambda w: ("post", f"/api/v1/issuance/issuers/{w['issuer'].slug}/keys/rotate", {}),
    ),
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_mutating_endpoints_follow_the_matrix(world, cast, who, endpoint):
    allowed, build = ENDPOINTS[endpoint]
    method, path, body = build(world)
    before = _state()
    client = _api_client(who, cast)
    response = getattr(client, method)(
        path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="matrix-1"
    )
    if who in allowed:
        assert response.status_code in (200, 201), (response.status_code, response.content[:500])
        assert _state() != before
    else:
        assert response.status_code == (401 if who == "anonymous" else 403)
        assert response["Content-Type"] == "application/problem+json"
        assert _state() == before
