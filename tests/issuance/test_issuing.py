"""Issuing: every credential is schema-valid, signed by the issuer's current key, and verifies
end to end through credstack.vc.verify against the platform's own published documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from credstack.issuance.models import AwardStatus
from credstack.issuance.services import rotate_key
from credstack.vc.resolve import KeyResolver
from credstack.vc.schema import validate_schema
from credstack.vc.verify import verify

pytestmark = pytest.mark.django_db


def test_an_auto_released_award_is_issued_valid_and_verifies(
    make_award, credential, set_rule, fetcher
):
    set_rule(credential, validity_months=24, include_result=True)
    award = make_award(result={"value": "Competent"})
    assert award.status == AwardStatus.ISSUED
    document = award.credential_json
    validate_schema(document)
    assert document["issuer"]["id"] == "https://credstack.test/issuers/northbridge"
    assert document["proof"][0]["verificationMethod"].startswith(document["issuer"]["id"] + "#z6Mk")
    assert document["credentialStatus"]["statusPurpose"] == "revocation"
    report = verify(document, resolver=KeyResolver(fetcher), fetcher=fetcher)
    assert report.result == "valid", [
        c for c in report.to_dict()["checks"] if c["status"] != "pass"
    ]


def test_the_subject_is_a_salted_email_hash_unless_a_did_is_given(make_award, credential, set_rule):
    set_rule(credential)
    by_email = make_award(email="Grace@Example.org")
    subject = by_email.credential_json["credentialSubject"]
    assert "id" not in subject
    identity = subject["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    assert "grace@example.org" not in str(by_email.credential_json).lower()
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    by_did = make_award(email="", did=did)
    assert by_did.credential_json["credentialSubject"]["id"] == did


def test_credentials_signed_before_a_rotation_still_verify(
    make_award, credential, set_rule, issuer, fetcher
):
    set_rule(credential)
    before = make_award(email="one@example.org")
    rotate_key(None, issuer)
    after = make_award(email="two@example.org")
    assert (
        before.credential_json["proof"][0]["verificationMethod"]
        != after.credential_json["proof"][0]["verificationMethod"]
    )
    for award in (before, after):
        report = verify(award.credential_json, resolver=KeyResolver(fetcher), fetcher=fetcher)
        assert report.result == "valid", [
            c for c in report.to_dict()["checks"] if c["status"] != "pass"
        ]


def test_validity_period_sets_valid_until_and_expired_awards_show_as_expired(
    make_award, credential, set_rule, fetcher
):
    set_rule(credential, validity_months=12)
    award = make_award()
    assert award.valid_until is not None
    assert award.credential_json["validUntil"].startswith(str(award.issued_at.year + 1))
    assert award.shown_status == "issued"
    later = datetime.now(UTC) + timedelta(days=400)
    report = verify(
        award.credential_json, resolver=KeyResolver(fetcher), fetcher=fetcher, now=later
    )
    assert report.result == "expired"
    award.valid_until = award.issued_at
    assert award.shown_status == "expired"
