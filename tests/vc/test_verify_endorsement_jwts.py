"""``endorsementJwt`` entries are verified as VC-JWTs and reported like embedded endorsements."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from credstack.vc._report import VerificationReport
from credstack.vc._verify_endorsements import check_endorsements
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
from credstack.vc.verify import verify

ISSUER_KEY = Ed25519Key.from_seed(b"\x11" * 32)
ENDORSER = Ed25519Key.from_seed(b"\x12" * 32)
ENDORSER_METHOD = f"{ENDORSER.did_key}#{ENDORSER.public_multibase}"
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def endorsement(about: str, **extra: Any) -> dict[str, Any]:
    return EndorsementCredential.create(
        name="Accredited programme",
        issuer=Profile(id=ENDORSER.did_key, name="Accreditation Board"),
        credential_subject=EndorsementSubject(id=about, endorsement_comment="Meets the standard"),
        valid_from="2025-01-01T00:00:00Z",
        **extra,
    ).to_json()


def endorsement_jwt(about: str = ISSUER_KEY.did_key, **extra: Any) -> str:
    return sign_jwt(endorsement(about, **extra), ENDORSER, kid=ENDORSER_METHOD)


def tampered(token: str) -> str:
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["name"] = "Endorsed by everyone"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{signature}"


def credential(
    *,
    on_credential: list[Any] | None = None,
    on_issuer: list[Any] | None = None,
    on_achievement: list[Any] | None = None,
) -> dict[str, Any]:
    achievement = Achievement(
        id="https://example.edu/achievements/sql",
        name="SQL basics",
        description="Writes SELECT queries.",
        criteria=Criteria(narrative="Pass the practical test."),
        achievement_type="MicroCredential",
    )
    document = AchievementCredential.create(
        issuer=Profile(id=ISSUER_KEY.did_key, name="Example University"),
        credential_subject=AchievementSubject.for_email(
            "ada@example.org", achievement=achievement, salt="pepper"
        ),
        valid_from="2025-01-01T00:00:00Z",
        name="SQL basics certificate",
    ).to_json()
    for holder, tokens in (
        (document, on_credential),
        (document["issuer"], on_issuer),
        (document["credentialSubject"]["achievement"], on_achievement),
    ):
        if tokens is not None:
            holder["endorsementJwt"] = tokens
    method = f"{ISSUER_KEY.did_key}#{ISSUER_KEY.public_multibase}"
    return sign(document, ISSUER_KEY, verification_method=method)


def test_jwt_endorsements_on_the_credential_issuer_and_achievement_are_verified() -> None:
    document = credential(
        on_credential=[endorsement_jwt()],
        on_issuer=[endorsement_jwt()],
        on_achievement=[endorsement_jwt("https://example.edu/achievements/sql")],
    )
    report = verify(document, now=NOW)
    assert report.result == "valid", report.to_text()
    check = report.check("endorsements")
    assert check is not None and check.status == "pass"
    assert check.message == "3 of 3 endorsement(s) verified."
    assert [e.result for e in report.endorsements] == ["valid"] * 3
    assert {e.format for e in report.endorsements} == {"jwt"}
    first = report.to_dict()["endorsements"][0]
    assert first["issuer"] == {"id": ENDORSER.did_key, "name": "Accreditation Board"}
    assert first["proofs"][0]["suite"] == "VC-JWT EdDSA"


def test_a_tampered_jwt_endorsement_warns_without_failing_the_credential() -> None:
    good = endorsement_jwt()
    report = verify(credential(on_credential=[good, tampered(good)]), now=NOW)
    assert report.result == "valid"
    assert report.check("endorsements").status == "warn"
    assert report.check("endorsements").message == "1 of 2 endorsement(s) verified."
    bad = report.endorsements[1]
    assert bad.result == "invalid"
    assert bad.check("proof").code == "JWT_SIGNATURE_INVALID"


def test_embedded_and_jwt_endorsements_are_counted_together() -> None:
    embedded = sign(endorsement(ISSUER_KEY.did_key), ENDORSER, verification_method=ENDORSER_METHOD)
    document = credential(on_credential=[endorsement_jwt()])
    document.pop("proof")
    document["endorsement"] = [embedded]
    method = f"{ISSUER_KEY.did_key}#{ISSUER_KEY.public_multibase}"
    report = verify(sign(document, ISSUER_KEY, verification_method=method), now=NOW)
    assert report.valid
    assert [e.format for e in report.endorsements] == ["json", "jwt"]
    assert report.check("endorsements").message == "2 of 2 endorsement(s) verified."


def test_a_jwt_endorsement_is_checked_like_any_credential() -> None:
    expired = endorsement_jwt(valid_until="2025-03-01T00:00:00Z")
    unreachable = sign_jwt(
        endorsement(ISSUER_KEY.did_key), ENDORSER, kid="https://board.example/keys/1"
    )
    report = verify(credential(on_credential=[expired, unreachable]), now=NOW)
    assert report.valid and report.check("endorsements").status == "warn"
    assert [e.result for e in report.endorsements] == ["expired", "unverifiable"]
    assert report.endorsements[1].check("proof").code == "JWT_KEY_UNRESOLVED"


def test_an_entry_that_is_not_a_compact_jws_is_reported_as_malformed() -> None:
    report = verify(credential(on_credential=["not-a-jwt"]), now=NOW)
    assert [e.result for e in report.endorsements] == ["invalid"]
    assert report.endorsements[0].check("format").code == "JWT_MALFORMED"
    assert "'not-a-jwt'" in report.endorsements[0].check("format").message
    assert report.check("endorsements").message == "0 of 1 endorsement(s) verified."
    # The 1EdTech schema also requires compact JWS strings, so the credential itself fails it.
    assert report.result == "invalid" and report.check("schema").code == "SCHEMA_INVALID"


def test_a_non_string_entry_is_reported_even_where_the_structure_check_allows_it() -> None:
    # The structure check refuses non-strings in a credential; the endorsement step still
    # reports one rather than passing it to the JWT path, whoever calls it.
    found = VerificationReport()
    check_endorsements(found, {"endorsementJwt": [5, None]}, lambda e: verify(e, now=NOW))
    assert [e.check("format").code for e in found.endorsements] == ["JWT_MALFORMED"] * 2
    assert found.check("endorsements").message == "0 of 2 endorsement(s) verified."


def test_a_long_malformed_entry_is_shortened_in_the_message() -> None:
    report = verify(credential(on_credential=["x" * 500]), now=NOW)
    message = report.endorsements[0].check("format").message
    assert "..." in message and len(message) < 120


def test_jwt_endorsements_are_skipped_when_endorsements_are_not_wanted() -> None:
    report = verify(
        credential(on_credential=[tampered(endorsement_jwt())]),
        now=NOW,
        verify_endorsements=False,
    )
    assert report.valid and report.endorsements == []
    assert report.check("endorsements") is None


def test_a_jwt_endorsement_does_not_verify_its_own_endorsements() -> None:
    inner = sign_jwt(
        {**endorsement(ISSUER_KEY.did_key), "endorsementJwt": ["not-a-jwt"]},
        ENDORSER,
        kid=ENDORSER_METHOD,
    )
    report = verify(credential(on_credential=[inner]), now=NOW)
    assert report.endorsements[0].endorsements == []
    assert report.endorsements[0].check("endorsements") is None
