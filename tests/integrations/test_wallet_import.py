"""Importing credentials into the wallet: verified first, refused clearly, never duplicated."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.design.services import baked_badge
from credstack.integrations.models import ImportedCredential
from credstack.integrations.services import (
    import_credential,
    import_from_url,
    refresh_stale,
    reverify,
)
from credstack.issuance.models import Award
from credstack.issuance.services import revoke_award, suspend_award
from credstack.problems import Problem
from credstack.vc import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Criteria,
    Ed25519Key,
    Profile,
    sign,
)
from credstack.vc.jwt import sign_jwt
from credstack.verification.fetch_cache import documents

from .conftest import png_bytes

pytestmark = pytest.mark.django_db


def elsewhere(name: str = "Welding safety") -> tuple[dict[str, Any], Ed25519Key]:
    """A credential from another issuer (did:key, resolved offline), signed."""
    key = Ed25519Key.generate()
    credential = AchievementCredential.create(
        issuer=Profile(id=key.did_key, name="Harbour Trade College"),
        credential_subject=AchievementSubject.for_email(
            "learner@example.org",
            achievement=Achievement(
                id="https://harbour.example/achievements/welding",
                name=name,
                description="Works safely in a welding bay.",
                achievement_type="MicroCredential",
                criteria=Criteria(narrative="Passed the practical safety assessment."),
            ),
        ),
    )
    signed = sign(
        credential.to_json(), key, verification_method=f"{key.did_key}#{key.public_multibase}"
    )
    return signed, key


def _refusal(user: User, data: bytes | str) -> Problem:
    with pytest.raises(Problem) as refused:
        import_credential(user, data)
    return refused.value


def test_a_signed_json_credential_from_elsewhere_is_verified_and_stored(earner: User) -> None:
    signed, _ = elsewhere()
    item = import_credential(earner, json.dumps(signed))
    assert (item.result, item.format, item.version) == ("valid", "json", "ob3")
    assert item.name == "Welding safety"
    assert item.issuer_name == "Harbour Trade College"
    assert item.credential_id == signed["id"]
    assert item.report["result"] == "valid"
    assert any(c["code"] == "PROOF_VALID" for c in item.report["checks"])


def test_a_vc_jwt_is_verified_and_stored(earner: User) -> None:
    signed, key = elsewhere()
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    token = sign_jwt(unsigned, key, kid=f"{key.did_key}#{key.public_multibase}")
    item = import_credential(earner, token)
    assert (item.result, item.format) == ("valid", "jwt")
    assert bytes(ImportedCredential.objects.get(pk=item.pk).original) == token.encode()


def test_a_baked_png_issued_by_the_platform_is_imported(
    award_to: Callable[..., Award], units: list[MicroCredential], earner: User
) -> None:
    award = award_to(units[0], None, email="old.address@example.org")
    item = import_credential(earner, baked_badge(award, "png").content)
    assert (item.result, item.format) == ("valid", "png"), item.report
    assert item.name == "Security fundamentals"


def test_an_ob2_baked_png_from_the_platform_is_imported_through_the_hosted_assertion(
    award_to: Callable[..., Award], units: list[MicroCredential], earner: User
) -> None:
    award = award_to(units[1], None, email="old.address@example.org")
    png = Client().get(f"/ob2/assertions/{award.credential_uuid}/badge.png").content
    item = import_credential(earner, png)
    assert (item.result, item.version) == ("valid", "ob2"), item.report
    assert item.name == "Incident response"


def test_a_tampered_credential_is_refused_and_nothing_is_stored(earner: User) -> None:
    signed, _ = elsewhere()
    signed["credentialSubject"]["achievement"]["name"] = "Master welder"
    refused = _refusal(earner, json.dumps(signed))
    assert refused.code == "IMPORT_INVALID"
    assert "PROOF_INVALID" in refused.detail
    assert not ImportedCredential.objects.exists()


def test_the_same_credential_twice_is_refused_as_a_duplicate(earner: User) -> None:
    signed, _ = elsewhere()
    import_credential(earner, json.dumps(signed))
    refused = _refusal(earner, json.dumps(signed, indent=2))
    assert (refused.code, refused.status) == ("IMPORT_DUPLICATE", 409)
    assert ImportedCredential.objects.count() == 1


def test_two_earners_may_each_hold_the_same_credential(earner: User, cast: dict[str, User]) -> None:
    signed, _ = elsewhere()
    import_credential(earner, json.dumps(signed))
    import_credential(cast["outsider"], json.dumps(signed))
    assert ImportedCredential.objects.count() == 2


def test_the_earners_own_award_is_not_imported_twice(
    award_to: Callable[..., Award], units: list[MicroCredential], earner: User
) -> None:
    award = award_to(units[0], earner)
    refused = _refusal(earner, json.dumps(award.credential_json))
    assert refused.code == "IMPORT_OWN_AWARD"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "IMPORT_EMPTY"),
        (b"   \n", "IMPORT_EMPTY"),
        (b"\x00\x01\x02 binary junk \xff", "IMPORT_INVALID"),
        (b'{"not": "a credential"}', "IMPORT_INVALID"),
        (b"[1, 2, 3]", "IMPORT_INVALID"),
        (b'{"a": ' * 5000 + b"1" + b"}" * 5000, "IMPORT_INVALID"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "IMPORT_INVALID"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
            "IMPORT_INVALID",
        ),
        (b"eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", "IMPORT_INVALID"),
        (b"x" * (2 * 1024 * 1024 + 1), "IMPORT_TOO_LARGE"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "json-not-credential",
        "json-array",
        "deep-json",
        "broken-png",
        "xml-entities",
        "alg-none-jwt",
        "oversize",
    ],
)
def test_hostile_or_empty_input_is_refused_with_a_clear_code(
    earner: User, data: bytes, code: str
) -> None:
    refused = _refusal(earner, data)
    assert refused.code == code
    assert refused.detail
    assert not ImportedCredential.objects.exists()


def test_a_png_with_nothing_baked_in_is_refused_saying_so(earner: User) -> None:
    refused = _refusal(earner, png_bytes())
    assert refused.code == "IMPORT_INVALID"
    assert "CREDENTIAL_NOT_BAKED" in refused.detail


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/badge.json",
        "https://10.0.0.5/badge.json",
        "https://[::1]/badge.json",
        "http://example.org/badge.json",
        "file:///etc/passwd",
        "https://user:pw@example.org/x",
    ],
)
def test_a_url_to_a_private_address_or_another_scheme_is_refused(earner: User, url: str) -> None:
    with pytest.raises(Problem) as refused:
        import_from_url(earner, url)
    assert refused.value.code == "IMPORT_URL_REFUSED"
    assert not ImportedCredential.objects.exists()


def test_a_platform_url_is_fetched_internally_and_imported(
    award_to: Callable[..., Award], units: list[MicroCredential], earner: User
) -> None:
    award = award_to(units[0], None, email="someone.else@example.org")
    item = import_from_url(earner, f"https://credstack.test/credentials/{award.credential_uuid}")
    assert item.result == "valid", item.report
    assert item.source_url.endswith(str(award.credential_uuid))


def test_a_report_older_than_a_day_is_refreshed_when_the_wallet_is_viewed(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    earner_client: Client,
    cast: dict[str, User],
) -> None:
    award = award_to(units[0], None, email="someone.else@example.org")
    item = import_credential(earner, json.dumps(award.credential_json))
    revoke_award(cast["administrator"], award, "Awarded in error.")
    # Checked an hour ago: still shown as it was (no re-check on every view).
    ImportedCredential.objects.filter(pk=item.pk).update(
        verified_at=timezone.now() - timedelta(hours=1)
    )
    assert refresh_stale(earner) == 0
    ImportedCredential.objects.filter(pk=item.pk).update(
        verified_at=timezone.now() - timedelta(days=2)
    )
    cache.clear()
    documents.clear()  # a day later the status list cached at import time is long stale
    page = earner_client.get("/wallet")
    assert page.status_code == 200
    item.refresh_from_db()
    assert item.result == "revoked"
    assert item.verified_at > timezone.now() - timedelta(minutes=1)
    assert b"Revoked" in page.content


def test_the_wallet_page_imports_a_file_and_shows_it_verified(
    earner_client: Client, earner: User
) -> None:
    signed, _ = elsewhere("Forklift operation")
    upload = SimpleUploadedFile("badge.json", json.dumps(signed).encode(), "application/json")
    response = earner_client.post("/wallet/import", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "Forklift operation" in response.content.decode()
    assert "Verified" in response.content.decode()


def test_the_wallet_page_refuses_an_invalid_file_with_a_form_error(
    earner_client: Client,
) -> None:
    signed, _ = elsewhere()
    signed["name"] = "Changed after signing"
    upload = SimpleUploadedFile("badge.json", json.dumps(signed).encode(), "application/json")
    response = earner_client.post("/wallet/import", {"file": upload})
    assert response.status_code == 422
    assert "This is not a valid credential" in response.content.decode()
    assert not ImportedCredential.objects.exists()


def test_the_wallet_page_wants_exactly_one_source(earner_client: Client) -> None:
    none = earner_client.post("/wallet/import", {})
    both = earner_client.post("/wallet/import", {"text": "{}", "url": "https://example.org/x"})
    assert none.status_code == both.status_code == 422
    assert "exactly one" in none.content.decode()


def test_a_suspended_platform_credential_is_imported_and_shown_suspended(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    earner_client: Client,
    cast: dict[str, User],
) -> None:
    award = award_to(units[0], None, email="someone.else@example.org")
    suspend_award(cast["administrator"], award, "Under investigation for plagiarism.")
    cache.clear()
    documents.clear()
    item = import_credential(earner, json.dumps(award.credential_json))
    assert item.result == "suspended", item.report
    assert "suspended" in item.headline.lower()
    page = earner_client.get("/wallet")
    assert page.status_code == 200 and b"Suspended" in page.content


def test_rechecking_shows_a_credential_suspended_after_it_was_imported(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    cast: dict[str, User],
) -> None:
    award = award_to(units[0], None, email="someone.else@example.org")
    item = import_credential(earner, json.dumps(award.credential_json))
    assert item.result == "valid", item.report
    suspend_award(cast["administrator"], award, "Under investigation for plagiarism.")
    cache.clear()
    documents.clear()
    assert reverify(item).result == "suspended"
    item.refresh_from_db()
    assert item.result == "suspended"
