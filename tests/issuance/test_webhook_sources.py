"""Administrators register, list, revoke and rotate webhook sources; the secret shows once."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry, Role
from credstack.accounts.services.tokens import create_token
from credstack.issuance.models import WebhookSource
from credstack.issuance.services import (
    create_webhook_source,
    register_webhook_source,
    rotate_webhook_secret,
    signature_for,
)
from credstack.problems import Conflict, InvalidInput

pytestmark = pytest.mark.django_db

WHO = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
API = "/api/v1/issuance/webhook-sources"
PAGE = "/issuance/webhook-sources/"


def _state() -> list[tuple[Any, ...]]:
    return sorted(WebhookSource.objects.values_list("pk", "name", "active", "encrypted_secret"))


def _page_client(who: str, client_for) -> Client:  # type: ignore[no-untyped-def]
    return Client() if who == "anonymous" else client_for(who)


def _api_client(who: str, cast) -> Client:  # type: ignore[no-untyped-def]
    if who == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(cast[who], 'sources').secret}")


def _deliver(client: Client, name: str, secret: str) -> int:
    body = json.dumps({"event_id": "e-1", "recipient": {"email": "a@example.org"}}).encode()
    stamp = str(int(time.time()))
    return client.post(
        f"/api/v1/issuance/webhooks/{name}",
        data=body,
        content_type="application/json",
        HTTP_X_CREDSTACK_TIMESTAMP=stamp,
        HTTP_X_CREDSTACK_SIGNATURE=signature_for(secret, stamp, body),
    ).status_code


def test_the_page_registers_a_source_and_shows_its_secret_once(client_for, org, cast):
    admin = client_for("administrator")
    created = admin.post(PAGE, {"organisation": org.pk, "name": "moodle-live", "kind": "webhook"})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    source = WebhookSource.objects.get(name="moodle-live")
    secret = created.context["shown"][1]
    assert secret.startswith("whsec_") and secret.encode() in created.content
    listed = admin.get(PAGE)
    assert b"moodle-live" in listed.content and secret.encode() not in listed.content
    entry = AuditEntry.objects.get(action="issuance.webhook_source.created")
    assert entry.object_id == str(source.pk) and entry.actor == cast["administrator"]
    assert secret not in json.dumps([entry.before, entry.after, entry.note])


def test_a_bad_source_name_is_a_form_error_and_nothing_is_written(client_for, org):
    response = client_for("administrator").post(
        PAGE, {"organisation": org.pk, "name": "Moodle Live!", "kind": "webhook"}
    )
    assert response.status_code == 400
    assert "cannot be a source name" in response.content.decode()
    assert not WebhookSource.objects.exists()


def test_a_duplicate_name_is_refused_with_a_code(org, cast):
    register_webhook_source(cast["administrator"], org, "mahara")
    with pytest.raises(Conflict) as refused:
        register_webhook_source(cast["administrator"], org, "mahara")
    assert refused.value.code == "WEBHOOK_SOURCE_EXISTS"


def test_a_name_that_is_not_a_slug_is_refused_by_the_service(org, cast):
    with pytest.raises(InvalidInput) as refused:
        register_webhook_source(cast["administrator"], org, "../etc")
    assert refused.value.code == "WEBHOOK_NAME_INVALID"


def test_revoking_stops_deliveries_and_is_audited(client_for, org, cast, issuer):
    source, secret = create_webhook_source(None, org, "lms-one")
    response = client_for("administrator").post(f"{PAGE}{source.pk}/revoke/")
    assert response.status_code == 302
    source.refresh_from_db()
    assert not source.active
    entry = AuditEntry.objects.get(action="issuance.webhook_source.revoked")
    assert entry.before["active"] is True and entry.after["active"] is False
    assert _deliver(Client(), "lms-one", secret) == 401


def test_rotating_replaces_the_secret_so_the_old_one_is_refused(org, cast, issuer):
    source, old = create_webhook_source(None, org, "lms-two")
    _, new = rotate_webhook_secret(cast["administrator"], source.pk)
    assert new != old
    assert _deliver(Client(), "lms-two", old) == 401
    entry = AuditEntry.objects.get(action="issuance.webhook_source.rotated")
    assert new not in json.dumps([entry.before, entry.after, entry.note])


def test_the_api_registers_lists_rotates_and_revokes(cast, org):
    api = _api_client("administrator", cast)
    created = api.post(
        API,
        data=json.dumps({"organisation": org.pk, "name": "canvas", "kind": "webhook"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["delivery_url"].endswith("/api/v1/issuance/webhooks/canvas")
    listed = api.get(API).json()
    assert listed["count"] == 1 and "secret" not in listed["items"][0]
    rotated = api.post(f"{API}/{body['id']}/rotate")
    assert rotated.status_code == 200 and rotated.json()["secret"] != body["secret"]
    revoked = api.post(f"{API}/{body['id']}/revoke")
    assert revoked.json()["active"] is False
    again = api.post(f"{API}/{body['id']}/revoke")
    assert again.status_code == 409 and again.json()["code"] == "WEBHOOK_SOURCE_REVOKED"


def test_the_api_refuses_bad_input_with_problem_details(cast, org):
    api = _api_client("administrator", cast)
    bad_json = api.post(API, data=b"{not json", content_type="application/json")
    assert bad_json.status_code in (400, 422)
    bad_kind = api.post(
        API,
        data=json.dumps({"organisation": org.pk, "name": "x1", "kind": "ftp"}),
        content_type="application/json",
    )
    assert bad_kind.status_code == 422
    bad_name = api.post(
        API,
        data=json.dumps({"organisation": org.pk, "name": "Not A Slug"}),
        content_type="application/json",
    )
    assert bad_name.status_code == 422 and bad_name.json()["code"] == "WEBHOOK_NAME_INVALID"
    assert not WebhookSource.objects.exists()


@pytest.mark.parametrize("who", WHO)
def test_only_administrators_may_manage_sources_on_the_page(who, client_for, org):
    source, _ = create_webhook_source(None, org, "existing")
    before = _state()
    client = _page_client(who, client_for)
    responses = [
        client.get(PAGE),
        client.post(PAGE, {"organisation": org.pk, "name": "new-one", "kind": "webhook"}),
        client.post(f"{PAGE}{source.pk}/rotate/"),
        client.post(f"{PAGE}{source.pk}/revoke/"),
    ]
    codes = [r.status_code for r in responses]
    if who == "administrator":
        assert codes == [200, 201, 200, 302]
        return
    expected = 302 if who == "anonymous" else 403
    assert codes == [expected] * 4
    assert _state() == before


@pytest.mark.parametrize("who", WHO)
def test_only_administrators_may_manage_sources_through_the_api(who, cast, org):
    source, _ = create_webhook_source(None, org, "existing")
    before = _state()
    api = _api_client(who, cast)
    listed = api.get(API)
    created = api.post(
        API,
        data=json.dumps({"organisation": org.pk, "name": "new-one"}),
        content_type="application/json",
    )
    rotated = api.post(f"{API}/{source.pk}/rotate")
    revoked = api.post(f"{API}/{source.pk}/revoke")
    if who == "administrator":
        assert [created.status_code, rotated.status_code, revoked.status_code] == [201, 200, 200]
        assert listed.json()["count"] == 1
        return
    if who == "anonymous":
        assert {listed.status_code, created.status_code, rotated.status_code} == {401}
    else:
        assert listed.status_code == 200 and listed.json()["count"] == 0
        assert [created.status_code, rotated.status_code, revoked.status_code] == [403] * 3
    assert _state() == before
