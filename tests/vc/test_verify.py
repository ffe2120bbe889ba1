"""End-to-end verification: every input format, every check, every overall result."""

from __future__ import annotations

import base64
import copy
import json
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from joserfc import jws
from joserfc.jwk import RSAKey

from credstack.vc.baking import bake_png, bake_svg
from credstack.vc.fetch import MappingFetcher
from credstack.vc.jwt import sign_jwt
from credstack.vc.keys import Ed25519Key
from credstack.vc.model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Profile,
)
from credstack.vc.proofs import sign
from credstack.vc.status import StatusList, status_entry, status_list_credential
from credstack.vc.verify import verify

KEY = Ed25519Key.from_seed(b"\x01" * 32)
OTHER = Ed25519Key.from_seed(b"\x02" * 32)
METHOD = f"{KEY.did_key}#{KEY.public_multibase}"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://example.edu/status/1"
VECTORS = Path(__file__).parents[1] / "vectors" / "1edtech-ob3-spec"


def unsigned(**extra: object) -> dict:
    achievement = Achievement(
        id="https://example.edu/achievements/sql",
        name="SQL basics",
        description="Writes SELECT queries.",
        criteria=Criteria(narrative="Pass the practical test."),
        achievement_type="MicroCredential",
    )
    return AchievementCredential.create(
        issuer=Profile(id=KEY.did_key, name="Example University"),
        credential_subject=AchievementSubject.for_email(
            "ada@example.org", achievement=achievement, salt="pepper"
        ),
        valid_from="2025-01-01T00:00:00Z",
        name="SQL basics certificate",
        **extra,
    ).to_json()


def signed(key: Ed25519Key = KEY, **extra: object) -> dict:
    return sign(unsigned(**extra), key, verification_method=f"{key.did_key}#{key.public_multibase}")


def status_list(*, revoked: int | None = None, purpose: str = "revocation") -> bytes:
    bits = StatusList()
    if revoked is not None:
        bits.set(revoked)
    document = status_list_credential(
        LIST_URL,
        issuer=KEY.did_key,
        status_list=bits,
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
        purpose=purpose,
    )
    return json.dumps(sign(document, KEY, verification_method=METHOD)).encode()


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


def codes(report) -> dict[str, str]:
    return {c.name: c.code for c in report.checks}


def test_a_genuine_signed_credential_is_valid() -> None:
    report = verify(signed(), now=NOW)
    assert report.result == "valid" and report.valid
    assert report.format == "json" and report.version == "ob3"
    assert codes(report) == {
        "format": "FORMAT_JSON",
        "structure": "STRUCTURE_OK",
        "schema": "SCHEMA_VALID",
        "proof": "PROOF_VALID",
        "issuer": "ISSUER_KEY_BOUND",
        "valid_from": "VALID_FROM_OK",
        "valid_until": "NO_EXPIRY",
        "status": "NO_STATUS",
    }
    assert report.issuer == {"id": KEY.did_key, "name": "Example University"}
    assert report.proofs[0]["ok"] and report.proofs[0]["suite"] == "eddsa-rdfc-2022"
    assert json.loads(json.dumps(report.to_dict()))["result"] == "valid"
    assert "genuine" in report.to_text() and "Example University" in report.to_text()


@pytest.mark.parametrize(
    "path",
    [
        ("name",),
        ("validFrom",),
        ("issuer", "name"),
        ("credentialSubject", "achievement", "name"),
        ("credentialSubject", "achievement", "criteria", "narrative"),
        ("credentialSubject", "identifier", 0, "identityHash"),
        ("proof", 0, "created"),
    ],
)
def test_changing_any_signed_value_fails_the_proof_check(path: tuple) -> None:
    document = signed()
    target = document
    for step in path[:-1]:
        target = target[step]
    value = target[path[-1]]
    target[path[-1]] = (
        value.replace("0", "1") if path[-1] in ("validFrom", "created") else value[:-1] + "X"
    )
    report = verify(document, now=NOW)
    assert report.result == "invalid"
    assert report.check("proof").status == "fail" and report.check("proof").code == "PROOF_INVALID"


def test_a_proof_made_with_someone_elses_key_is_unverifiable() -> None:
    document = sign(
        unsigned(), OTHER, verification_method=f"{OTHER.did_key}#{OTHER.public_multibase}"
    )
    report = verify(document, now=NOW)
    assert report.result == "unverifiable"
    assert report.check("proof").code == "KEY_NOT_AUTHORIZED"


def test_an_unsigned_credential_is_unverifiable() -> None:
    report = verify(unsigned(), now=NOW)
    assert report.result == "unverifiable" and report.check("proof").code == "PROOF_MISSING"


@pytest.mark.parametrize(
    ("now", "result", "name", "code"),
    [
        (datetime(2024, 1, 1, tzinfo=UTC), "not_yet_valid", "valid_from", "NOT_YET_VALID"),
        (datetime(2031, 1, 1, tzinfo=UTC), "expired", "valid_until", "EXPIRED"),
        (datetime(2029, 1, 1), "valid", "valid_until", "NOT_EXPIRED"),  # naive means UTC
    ],
)
def test_it_checks_the_validity_period_against_the_given_clock(now, result, name, code) -> None:
    report = verify(signed(valid_until="2030-01-01T00:00:00Z"), now=now)
    assert report.result == result and report.check(name).code == code
    assert report.dates["validUntil"] == "2030-01-01T00:00:00Z"


def test_it_reads_vcdm_1_1_issuance_and_expiration_dates() -> None:
    document = json.loads((VECTORS / "examples" / "basicOpenBadgeCredential.json").read_text())
    document["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    document.pop("validFrom")
    document["issuanceDate"] = "2010-01-01T00:00:00Z"
    document["expirationDate"] = "2020-01-01T00:00:00Z"
    report = verify(document, now=NOW)
    assert report.check("valid_until").code == "EXPIRED"
    assert report.check("schema").status == "skip"


def test_a_schema_violation_makes_the_credential_invalid() -> None:
    document = signed()
    document["credentialSubject"]["achievement"]["achievementType"] = "NotAType"
    report = verify(document, now=NOW)
    assert report.result == "invalid" and report.check("schema").code == "SCHEMA_INVALID"
    assert "$.credentialSubject.achievement.achievementType" in report.check("schema").message


def test_a_malformed_credential_stops_after_the_structure_check() -> None:
    document = signed()
    del document["credentialSubject"]["achievement"]
    report = verify(document, now=NOW)
    assert report.result == "invalid"
    assert report.check("structure").code == "CREDENTIAL_MALFORMED"
    assert "$.credentialSubject.achievement is required" in report.check("structure").message
    assert report.check("proof") is None


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"\xff\xfe\x00garbage",
        "not json",
        "[1, 2]",
        b"<svg></svg>",
        b"\x89PNG\r\n\x1a\nbroken",
        "eyJ.eyJ.sig",
    ],
)
def test_junk_input_gives_an_invalid_report_not_an_exception(junk) -> None:
    report = verify(junk, now=NOW)
    assert report.result == "invalid"
    assert report.checks[0].name in ("format", "proof")


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300),
        st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=5),
    )
)
def test_verify_never_raises(subject) -> None:
    report = verify(subject, now=NOW)
    assert report.result in {"invalid", "unverifiable"}
    json.dumps(report.to_dict())


def test_it_verifies_json_given_as_bytes_or_text() -> None:
    document = signed()
    assert verify(json.dumps(document).encode(), now=NOW).valid
    assert verify(json.dumps(document), now=NOW).valid


def test_it_verifies_a_vc_jwt_and_catches_tampering() -> None:
    token = sign_jwt(unsigned(), KEY, kid=METHOD)
    report = verify(token, now=NOW)
    assert report.result == "valid" and report.format == "jwt"
    assert (
        report.check("proof").code == "PROOF_VALID"
        and report.check("issuer").code == "ISSUER_KEY_BOUND"
    )
    head, body, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["name"] = "Forged"
    forged = f"{head}.{base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b'=').decode()}.{sig}"
    report = verify(forged.encode(), now=NOW)
    assert report.result == "invalid" and report.check("proof").code == "JWT_SIGNATURE_INVALID"


def test_a_jwt_signed_with_a_key_only_named_in_its_header_is_unverifiable() -> None:
    document = unsigned()
    document["issuer"]["id"] = "https://example.edu/issuer"
    report = verify(sign_jwt(document, KEY, jwk=True), now=NOW)
    assert report.result == "unverifiable" and report.check("issuer").code == "ISSUER_KEY_NOT_BOUND"


def test_a_jwt_whose_key_cannot_be_found_is_unverifiable() -> None:
    document = unsigned()
    document["issuer"]["id"] = "https://example.edu/issuer"
    report = verify(sign_jwt(document, KEY, kid="https://example.edu/keys/1"), now=NOW)
    assert report.result == "unverifiable" and report.check("proof").code == "JWT_KEY_UNRESOLVED"


def test_a_jwt_that_also_carries_an_embedded_proof_checks_both() -> None:
    report = verify(sign_jwt(signed(), KEY, kid=METHOD), now=NOW)
    assert report.valid and len(report.proofs) == 2


@pytest.mark.parametrize(
    ("bake", "image", "kind"), [(bake_png, png(), "png"), (bake_svg, SVG, "svg")]
)
def test_it_verifies_baked_images_with_json_or_jwt_inside(bake, image, kind) -> None:
    for payload in (signed(), sign_jwt(unsigned(), KEY, kid=METHOD)):
        report = verify(bake(image, payload), now=NOW)
        assert report.valid and report.format == kind
        assert report.check("format").code == "FORMAT_BAKED"


def test_an_image_without_a_credential_is_invalid() -> None:
    report = verify(png(), now=NOW)
    assert report.result == "invalid" and report.format == "png"
    assert report.check("format").code == "CREDENTIAL_NOT_BAKED"


@pytest.mark.parametrize(
    ("revoked", "purpose", "result", "code"),
    [
        (None, "revocation", "valid", "NOT_REVOKED"),
        (7, "revocation", "revoked", "REVOKED"),
        (7, "suspension", "suspended", "SUSPENDED"),
    ],
)
def test_it_checks_the_bitstring_status_list(revoked, purpose, result, code) -> None:
    document = signed(credential_status=status_entry(LIST_URL, 7, purpose))
    fetcher = MappingFetcher({LIST_URL: status_list(revoked=revoked, purpose=purpose)})
    report = verify(document, fetcher=fetcher, now=NOW)
    assert report.result == result and report.check("status").code == code
    assert report.status[0]["list_verified"] is True


def test_a_callers_list_verifier_replaces_the_list_proof_check() -> None:
    # A caller that caches verified lists supplies its own check; it is given the list and
    # the credential's issuer, and its verdict is the one recorded.
    document = signed(credential_status=status_entry(LIST_URL, 7))
    fetcher = MappingFetcher({LIST_URL: status_list()})
    seen: list[tuple[str, str | None]] = []

    def accept(list_credential: dict, issuer_id: str | None) -> bool:
        seen.append((list_credential["id"], issuer_id))
        return True

    report = verify(document, fetcher=fetcher, now=NOW, verify_list=accept)
    assert report.valid and report.status[0]["list_verified"] is True
    assert seen == [
        (
            LIST_URL,
            document["issuer"]["id"]
            if isinstance(document["issuer"], dict)
            else document["issuer"],
        )
    ]
    refused = verify(document, fetcher=fetcher, now=NOW, verify_list=lambda _d, _i: False)
    assert refused.result == "unverifiable" and refused.check("status").status == "fail"


def test_status_is_skipped_offline_and_unverifiable_when_the_list_is_unreachable() -> None:
    document = signed(credential_status=status_entry(LIST_URL, 7))
    offline = verify(document, now=NOW)
    assert offline.result == "valid" and offline.check("status").status == "skip"
    assert (
        verify(
            document, now=NOW, fetcher=MappingFetcher({LIST_URL: status_list()}), check_status=False
        )
        .check("status")
        .code
        == "STATUS_NOT_CHECKED"
    )
    broken = verify(document, now=NOW, fetcher=MappingFetcher({}))
    assert (
        broken.result == "unverifiable" and broken.check("status").code == "STATUS_RETRIEVAL_ERROR"
    )


def test_it_checks_the_recipient_when_asked() -> None:
    assert (
        verify(signed(), now=NOW, recipient="Ada@example.org").check("recipient").code
        == "RECIPIENT_MATCH"
    )
    report = verify(signed(), now=NOW, recipient="eve@example.org")
    assert report.check("recipient").code == "RECIPIENT_MISMATCH" and report.result == "invalid"


def test_it_verifies_embedded_endorsements_without_failing_the_credential() -> None:
    endorsement = EndorsementCredential.create(
        name="Accredited",
        issuer=Profile(id=OTHER.did_key),
        credential_subject=EndorsementSubject(id=KEY.did_key, endorsement_comment="Good standing"),
        valid_from="2025-01-01T00:00:00Z",
    ).to_json()
    good = sign(endorsement, OTHER, verification_method=f"{OTHER.did_key}#{OTHER.public_multibase}")
    bad = copy.deepcopy(good)
    bad["name"] = "Tampered"
    document = unsigned()
    document["endorsement"] = [good, bad]
    report = verify(sign(document, KEY, verification_method=METHOD), now=NOW)
    assert report.valid
    assert report.check("endorsements").status == "warn"
    assert [e.result for e in report.endorsements] == ["valid", "invalid"]
    assert report.to_dict()["endorsements"][0]["result"] == "valid"


OB2 = "https://w3id.org/openbadges/v2"
ASSERTION_URL = "https://example.org/assertions/1"
BADGE = {
    "@context": OB2,
    "id": "https://example.org/badges/1",
    "type": "BadgeClass",
    "name": "Teamwork",
    "issuer": "https://example.org/issuer",
}
ISSUER = {
    "@context": OB2,
    "id": "https://example.org/issuer",
    "type": "Issuer",
    "name": "Example Org",
}


def hosted(**extra: object) -> dict:
    return {
        "@context": OB2,
        "type": "Assertion",
        "id": ASSERTION_URL,
        "badge": BADGE["id"],
        "verification": {"type": "hosted"},
        "issuedOn": "2020-01-01T00:00:00Z",
        "recipient": {"type": "email", "hashed": False, "identity": "a@b.c"},
    } | extra


def ob2_fetcher(assertion: dict, **more: object) -> MappingFetcher:
    return MappingFetcher(
        {
            ASSERTION_URL: json.dumps(assertion),
            BADGE["id"]: json.dumps(BADGE),
            ISSUER["id"]: json.dumps(ISSUER),
        }
        | more
    )


def test_it_verifies_an_ob2_hosted_assertion() -> None:
    report = verify(hosted(), fetcher=ob2_fetcher(hosted()), now=NOW)
    assert report.result == "valid" and report.version == "ob2"
    assert (
        codes(report)["ob2_hosted"] == "OB2_HOSTED"
        and codes(report)["issuer"] == "ISSUER_KEY_BOUND"
    )
    assert report.issuer == {"id": ISSUER["id"], "name": "Example Org"}


@pytest.mark.parametrize(
    ("published", "fetch", "result", "code"),
    [
        (hosted(id="https://example.org/assertions/2"), True, "invalid", "OB2_NOT_HOSTED_AT_ID"),
        (hosted(revoked=True), True, "revoked", "REVOKED"),
        (hosted(expires="2021-01-01T00:00:00Z"), True, "expired", "EXPIRED"),
        (hosted(issuedOn="2099-01-01T00:00:00Z"), True, "not_yet_valid", "NOT_YET_VALID"),
        (hosted(), False, "unverifiable", "OB2_NOT_FETCHED"),
        (
            hosted(verification={"type": "hosted", "allowedOrigins": ["badges.example.net"]}),
            True,
            "unverifiable",
            "OB2_ORIGIN_MISMATCH",
        ),
        (
            hosted(verification={"type": "mystery"}),
            True,
            "unverifiable",
            "OB2_VERIFICATION_UNSUPPORTED",
        ),
        (hosted(badge=None), True, "invalid", "OB2_REFERENCE_MISSING"),
    ],
)
def test_it_reports_ob2_hosted_problems(published, fetch, result, code) -> None:
    given = published if published["verification"]["type"] == "mystery" else hosted()
    report = verify(given, fetcher=ob2_fetcher(published) if fetch else None, now=NOW)
    assert report.result == result
    assert code in {c.code for c in report.checks}


def test_it_reports_an_unreachable_or_malformed_ob2_document() -> None:
    assert (
        verify(hosted(), fetcher=MappingFetcher({}), now=NOW).check("ob2_hosted").code
        == "OB2_FETCH_FAILED"
    )
    fetcher = MappingFetcher({ASSERTION_URL: "[1]"})
    assert (
        verify(hosted(), fetcher=fetcher, now=NOW).check("ob2_hosted").code
        == "OB2_DOCUMENT_MALFORMED"
    )


def test_it_verifies_an_ob2_signed_assertion_and_its_revocation_list() -> None:
    rsa_key = RSAKey.generate_key(2048)
    key_url = "https://example.org/keys/1"
    assertion = hosted(verification={"type": "signed", "creator": key_url}, badge=BADGE)
    token = jws.serialize_compact({"alg": "RS256"}, json.dumps(assertion).encode(), rsa_key)
    key_document = {
        "@context": OB2,
        "id": key_url,
        "type": "CryptographicKey",
        "owner": ISSUER["id"],
        "publicKeyPem": rsa_key.as_pem(private=False).decode(),
    }
    issuer = ISSUER | {"revocationList": "https://example.org/revocations"}
    documents = {
        key_url: json.dumps(key_document),
        ISSUER["id"]: json.dumps(issuer),
        "https://example.org/revocations": json.dumps({"revokedAssertions": []}),
    }
    report = verify(token, fetcher=MappingFetcher(documents), now=NOW)
    assert report.result == "valid" and codes(report)["ob2_signature"] == "OB2_SIGNATURE_VALID"
    documents["https://example.org/revocations"] = json.dumps(
        {"revokedAssertions": [{"id": ASSERTION_URL}]}
    )
    assert verify(token, fetcher=MappingFetcher(documents), now=NOW).result == "revoked"
    documents[key_url] = json.dumps(key_document | {"owner": "https://evil.example"})
    assert verify(token, fetcher=MappingFetcher(documents), now=NOW).result == "unverifiable"
    other = RSAKey.generate_key(2048)
    documents[key_url] = json.dumps(
        key_document | {"publicKeyPem": other.as_pem(private=False).decode()}
    )
    report = verify(token, fetcher=MappingFetcher(documents), now=NOW)
    assert (
        report.result == "invalid" and report.check("ob2_signature").code == "OB2_SIGNATURE_INVALID"
    )
    baked = (
        bake_png(png(), token) if False else None
    )  # OB 2.0 baking is engineer B's; see test_baking
    assert baked is None
