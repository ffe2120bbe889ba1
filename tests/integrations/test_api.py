"""The wallet API: listing, importing (JSON, JWT text, file, URL), details, removal, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.integrations.models import ImportedCredential
from credstack.issuance.models import Award

from .test_wallet_import import elsewhere

pytestmark = pytest.mark.django_db

API = "/api/v1/integrations"


def test_it_lists_my_awards_with_their_ob2_assertion_and_share_counts(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    earner_client: Client,
) -> None:
    award = award_to(units[0], earner)
    body = earner_client.get(f"{API}/wallet/awards").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["credential_uuid"] == str(award.credential_uuid)
    assert (
        item["ob2_assertion_url"]
        == f"https://credstack.test/ob2/assertions/{award.credential_uuid}"
    )
    assert (item["status"], item["shares"]) == ("issued", 0)


def test_it_imports_json_then_refuses_the_duplicate_then_removes_it(
    earner_client: Client,
) -> None:
    signed, _ = elsewhere()
    created = earner_client.post(
        f"{API}/wallet/imported", {"credential": signed}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["result"] == "valid"
    assert created.json()["report"]["result"] == "valid"
    again = earner_client.post(
        f"{API}/wallet/imported",
        {"credential": json.dumps(signed)},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["code"]) == (409, "IMPORT_DUPLICATE")
    item_id = created.json()["id"]
    assert earner_client.get(f"{API}/wallet/imported/{item_id}").json()["document"] == signed
    assert earner_client.delete(f"{API}/wallet/imported/{item_id}").status_code == 204
    assert earner_client.get(f"{API}/wallet/imported/{item_id}").status_code == 404


def test_it_imports_a_file(earner_client: Client) -> None:
    signed, _ = elsewhere()
    upload = SimpleUploadedFile("badge.json", json.dumps(signed).encode(), "application/json")
    response = earner_client.post(f"{API}/wallet/imported/file", {"file": upload})
    assert response.status_code == 201
    assert response.json()["format"] == "json"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "IMPORT_ONE_SOURCE"),
        ({"credential": {"a": 1}, "url": "https://example.org/x"}, 422, "IMPORT_ONE_SOURCE"),
        ({"credential": {"type": ["VerifiableCredential"]}}, 422, "IMPORT_INVALID"),
        ({"credential": 42}, 422, "INVALID_INPUT"),
        ({"url": "https://192.168.1.1/badge.json"}, 422, "IMPORT_URL_REFUSED"),
        ({"url": "x" * 3000}, 422, "INVALID_INPUT"),
    ],
)
def test_bad_import_input_is_a_problem_detail_and_nothing_is_stored(
    earner_client: Client, body: dict[str, object], status: int, code: str
) -> None:
    response = earner_client.post(f"{API}/wallet/imported", body, content_type="application/json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert not ImportedCredential.objects.exists()


def test_malformed_json_bodies_are_refused(earner_client: Client) -> None:
    for raw in (b"{", b"[]", b'"text"'):
        response = earner_client.post(
            f"{API}/wallet/imported", raw, content_type="application/json"
        )
        assert 400 <= response.status_code < 500
    shares = earner_client.post(
        f"{API}/awards/not-a-uuid/shares", {"channel": "copy"}, content_type="application/json"
    )
    assert 400 <= shares.status_code < 500
    clr = earner_client.post(f"{API}/clrs", {"stack_id": "x"}, content_type="application/json")
    assert clr.status_code == 422
    assert not ImportedCredential.objects.exists()


def test_a_bad_share_is_a_problem_detail(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    earner_client: Client,
) -> None:
    award = award_to(units[0], earner)
    response = earner_client.post(
        f"{API}/awards/{award.credential_uuid}/shares",
        {"channel": "email", "to": "nobody"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (422, "EMAIL_INVALID")
