"""Inbound webhooks: HMAC-SHA256 over timestamp + body, five-minute tolerance, no replays."""

from __future__ import annotations

import json
import time

import pytest

from credstack.issuance.models import Award
from credstack.issuance.services import create_webhook_source, signature_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/issuance/webhooks/moodle"


@pytest.fixture
def secret(org, issuer, credential, set_rule) -> str:  # type: ignore[no-untyped-def]
    set_rule(credential)
    _source, secret = create_webhook_source(None, org, "moodle")
    return secret


def _body(credential, event="grade-881", email="lin@example.org"):  # type: ignore[no-untyped-def]
    return json.dumps(
        {
            "event_id": event,
            "credential": str(credential.lineage),
            "recipient": {"email": email, "name": "Lin Wei"},
            "result": "92",
        }
    ).encode()


def _post(client, body, secret, *, timestamp=None, signature=None, skew=0):  # type: ignore[no-untyped-def]
    ts = str(int(time.time()) + skew if timestamp is None else timestamp)
    return client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_CREDSTACK_TIMESTAMP=ts,
        HTTP_X_CREDSTACK_SIGNATURE=signature or signature_for(secret, ts, body),
    )


def test_a_signed_delivery_creates_one_award(client, secret, credential):
    response = _post(client, _body(credential), secret)
    assert response.status_code == 201, response.content
    award = Award.objects.get()
    assert award.source == "webhook" and award.source_event == "moodle:grade-881"
    assert str(award.credential_uuid) == response.json()["award"]
    assert award.credential_json["credentialSubject"]["result"][0]["value"] == "92"


def test_a_new_delivery_of_the_same_event_finds_the_same_award(client, secret, credential):
    first = _post(client, _body(credential), secret)
    time.sleep(1)  # a genuine retry is sent later, so its signature differs
    again = _post(client, _body(credential), secret)
    assert again.status_code == 200 and again.json()["award"] == first.json()["award"]
    assert Award.objects.count() == 1


def test_a_replayed_delivery_is_refused_with_409(client, secret, credential):
    ts = int(time.time())
    body = _body(credential)
    assert _post(client, body, secret, timestamp=ts).status_code == 201
    replay = _post(client, body, secret, timestamp=ts)
    assert replay.status_code == 409 and replay.json()["code"] == "WEBHOOK_REPLAYED"
    assert replay["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"signature": "sha256=" + "0" * 64}, "WEBHOOK_SIGNATURE_INVALID"),
        ({"skew": -301}, "WEBHOOK_TIMESTAMP_OUT_OF_RANGE"),
        ({"skew": 400}, "WEBHOOK_TIMESTAMP_OUT_OF_RANGE"),
        ({"timestamp": "yesterday"}, "WEBHOOK_TIMESTAMP_INVALID"),
    ],
)
def test_bad_signatures_and_timestamps_get_401_and_write_nothing(
    client, secret, credential, change, code
):
    response = _post(client, _body(credential), secret, **change)
    assert response.status_code == 401 and response.json()["code"] == code
    assert Award.objects.count() == 0


def test_a_body_altered_after_signing_is_refused(client, secret, credential):
    ts = str(int(time.time()))
    signature = signature_for(secret, ts, _body(credential))
    tampered = _body(credential, email="mallory@example.org")
    response = _post(client, tampered, secret, timestamp=ts, signature=signature)
    assert response.status_code == 401
    assert Award.objects.count() == 0


def test_another_sources_secret_does_not_sign_for_this_one(client, secret, credential, org):
    _other, other_secret = create_webhook_source(None, org, "mahara", kind="eportfolio")
    assert _post(client, _body(credential), other_secret).status_code == 401


def test_an_unknown_source_is_401(client, credential, secret):
    response = client.post(
        "/api/v1/issuance/webhooks/nobody", b"{}", content_type="application/json"
    )
    assert response.status_code == 401 and response.json()["code"] == "WEBHOOK_SOURCE_UNKNOWN"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"event_id": 5, "recipient": {}}',
        b'{"event_id": "x", "credential": "nope", "recipient": {"email": "a@b.org"}}',
    ],
)
def test_signed_but_malformed_bodies_get_a_problem_detail(client, secret, body):
    response = _post(client, body, secret)
    assert 400 <= response.status_code < 500 and response.json()["code"]
    assert Award.objects.count() == 0


def test_an_oversized_body_is_413(client, secret, credential):
    body = b'{"event_id": "x", "pad": "' + b"a" * 70_000 + b'"}'
    assert _post(client, body, secret).status_code == 413
