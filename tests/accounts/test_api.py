from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import ApiToken, AuditEntry, Membership, Role, User

BASE = "/api/v1/accounts"
EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]


def client_as(who: str, client_for: Callable[[str], Client]) -> Client:
    return Client() if who == "anonymous" else client_for(who)


def token_for(user: User) -> str:
    from credstack.accounts.services import create_token

    return create_token(user, "test").secret


def snapshot() -> tuple[list[tuple[int, str]], int]:
    return sorted(Membership.objects.values_list("id", "role")), AuditEntry.objects.count()


def test_me_describes_the_caller_and_their_roles(cast, client_for, org):
    body = client_for(Role.DESIGNER).get(f"{BASE}/me").json()
    assert body["username"] == "designer"
    assert [(m["organisation"], m["role"]) for m in body["memberships"]] == [(org.name, "designer")]


def test_anonymous_callers_get_a_401_problem(db):
    response = Client().get(f"{BASE}/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "UNAUTHENTICATED"


def test_a_personal_token_authenticates_as_its_owner(cast):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(cast['learner'])}")
    assert client.get(f"{BASE}/me").json()["username"] == "learner"
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header", ["Bearer cst_not-a-real-token", "Bearer ", "Basic abc", "Bearer x" * 100]
)
def test_a_bad_token_is_a_401_even_with_a_session(cast, header):
    client = Client(HTTP_AUTHORIZATION=header)
    client.force_login(cast["learner"])
    response = client.get(f"{BASE}/me")
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


def test_tokens_are_shown_once_stored_hashed_listed_and_revocable(cast, client_for):
    client = client_for("learner")
    created = client.post(
        f"{BASE}/tokens", {"name": "LMS grade sync"}, content_type="application/json"
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    stored = ApiToken.objects.get()
    assert secret.startswith("cst_") and secret not in (stored.digest, stored.prefix)
    assert secret.startswith(stored.prefix)

    listed = client.get(f"{BASE}/tokens").json()
    assert listed["count"] == 1 and "token" not in listed["items"][0]

    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert bearer.get(f"{BASE}/me").status_code == 200
    assert client.delete(f"{BASE}/tokens/{stored.pk}").status_code == 204
    assert bearer.get(f"{BASE}/me").status_code == 401


def test_nobody_can_revoke_someone_elses_token(cast, client_for):
    mine = ApiToken.objects.get(digest__isnull=False, pk=_token_id(cast["learner"]))
    response = client_for("outsider").delete(f"{BASE}/tokens/{mine.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "TOKEN_NOT_FOUND"
    mine.refresh_from_db()
    assert mine.revoked_at is None


def _token_id(user: User) -> int:
    token_for(user)
    return ApiToken.objects.filter(user=user).latest("id").pk


@pytest.mark.parametrize(
    "body", ['{"name": ""}', '{"name": 5}', "not json", '{"name": "' + "x" * 101 + '"}', "{}"]
)
def test_bad_token_requests_are_4xx_problems_and_write_nothing(cast, client_for, body):
    response = client_for("learner").post(f"{BASE}/tokens", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
    assert ApiToken.objects.count() == 0


def test_organisations_list_and_detail_show_only_my_organisations(cast, client_for, org, partner):
    client = client_for(Role.ANALYST)
    listed = client.get(f"{BASE}/organisations").json()
    assert [o["slug"] for o in listed["items"]] == ["northbridge"] and listed["count"] == 1
    assert client.get(f"{BASE}/organisations/{org.pk}").json()["name"] == org.name
    hidden = client.get(f"{BASE}/organisations/{partner.pk}")
    assert hidden.status_code == 404 and hidden.json()["code"] == "ORGANISATION_NOT_FOUND"


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_can_create_memberships(who, cast, client_for, org):
    before = snapshot()
    response = client_as(who, client_for).post(
        f"{BASE}/organisations/{org.pk}/memberships",
        {"user": "learner", "role": "facilitator"},
        content_type="application/json",
    )
    if who == Role.ADMINISTRATOR:
        assert response.status_code == 201
        assert response.json()["role"] == "facilitator"
        assert Membership.objects.filter(user=cast["learner"], role="facilitator").exists()
    else:
        assert response.status_code == {"anonymous": 401, "learner": 404, "outsider": 404}.get(
            who, 403
        )
        assert snapshot() == before


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_can_change_memberships(who, cast, client_for, org):
    membership = Membership.objects.get(user=cast[Role.ANALYST])
    before = snapshot()
    response = client_as(who, client_for).patch(
        f"{BASE}/organisations/{org.pk}/memberships/{membership.pk}",
        {"role": "designer"},
        content_type="application/json",
    )
    if who == Role.ADMINISTRATOR:
        assert response.status_code == 200
        entry = AuditEntry.objects.get(action="accounts.membership.updated")
        assert (entry.before["role"], entry.after["role"]) == ("analyst", "designer")
    else:
        assert response.status_code == {"anonymous": 401, "learner": 404, "outsider": 404}.get(
            who, 403
        )
        assert snapshot() == before


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_can_delete_memberships(who, cast, client_for, org):
    membership = Membership.objects.get(user=cast[Role.ANALYST])
    before = snapshot()
    response = client_as(who, client_for).delete(
        f"{BASE}/organisations/{org.pk}/memberships/{membership.pk}"
    )
    if who == Role.ADMINISTRATOR:
        assert response.status_code == 204
        assert not Membership.objects.filter(pk=membership.pk).exists()
    else:
        assert response.status_code == {"anonymous": 401, "learner": 404, "outsider": 404}.get(
            who, 403
        )
        assert snapshot() == before


def test_membership_listing_is_paginated_for_administrators(cast, client_for, org):
    client = client_for(Role.ADMINISTRATOR)
    first = client.get(f"{BASE}/organisations/{org.pk}/memberships?page_size=3").json()
    assert first["count"] == len(Role) and len(first["items"]) == 3
    assert (
        client_for(Role.ANALYST).get(f"{BASE}/organisations/{org.pk}/memberships").status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"user": "learner", "role": "emperor"}, 422, "INVALID_INPUT"),
        ({"user": "nobody-here", "role": "designer"}, 404, "USER_NOT_FOUND"),
        ({"user": "designer", "role": "designer"}, 409, "MEMBERSHIP_EXISTS"),
        ({"role": "designer"}, 422, "INVALID_INPUT"),
    ],
)
def test_bad_membership_requests_are_problems_with_stable_codes(
    cast, client_for, org, body, status, code
):
    before = snapshot()
    response = client_for(Role.ADMINISTRATOR).post(
        f"{BASE}/organisations/{org.pk}/memberships", body, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert snapshot() == before


def test_the_last_administrator_cannot_be_demoted_or_removed(cast, client_for, org):
    membership = Membership.objects.get(user=cast[Role.ADMINISTRATOR])
    client = client_for(Role.ADMINISTRATOR)
    url = f"{BASE}/organisations/{org.pk}/memberships/{membership.pk}"
    patched = client.patch(url, {"role": "designer"}, content_type="application/json")
    deleted = client.delete(url)
    assert {patched.json()["code"], deleted.json()["code"]} == {"LAST_ADMINISTRATOR"}
    assert patched.status_code == deleted.status_code == 409


def test_session_callers_need_a_csrf_token_to_change_things(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["learner"])
    response = client.post(f"{BASE}/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert ApiToken.objects.count() == 0
    assert client.get(f"{BASE}/me").status_code == 200


def test_token_callers_need_no_csrf_token(cast):
    client = Client(
        enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token_for(cast['learner'])}"
    )
    response = client.post(f"{BASE}/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 201
