"""Verification of credentials from credstack and from elsewhere, through the platform."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

from credstack.issuance.models import Award
from credstack.vc.did import controller_document, did_web_document
from credstack.vc.jwt import sign_jwt
from credstack.vc.keys import Ed25519Key
from credstack.vc.model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Criteria,
    Profile,
)
from credstack.vc.proofs import sign
from credstack.verification.fetch_cache import CachedDocument, documents
from credstack.verification.fetcher import GuardedFetcher
from credstack.verification.models import VerificationEvent
from credstack.verification.services import verify_input, verify_url

from .servers import serve

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "1edtech-ob3-spec"


def _codes(verification: Any) -> set[str]:
    return {c.code for c in verification.report.checks}


def _seeded_fetcher(url: str, document: dict[str, Any]) -> GuardedFetcher:
    """A guarded fetcher whose cache already holds ``document`` (as if fetched a moment ago)."""
    now = time.time()
    body = json.dumps(document).encode()
    documents.put(url, "", CachedDocument(url, body, "application/json", None, now, now + 60))
    return GuardedFetcher()


def _vector_fetcher() -> GuardedFetcher:
    key = json.loads((VECTORS / "ob3-key-and-expected.json").read_text())
    issuer = "https://example.edu/issuers/565049"
    public = key["keyPair"]["publicKeyMultibase"]
    return _seeded_fetcher(issuer, controller_document(issuer, [public]))


def test_the_official_open_badges_vector_is_valid(db: Any) -> None:
    signed = json.loads((VECTORS / "ob3-signed.json").read_text())
    verification = verify_input(signed, channel="api", fetcher=_vector_fetcher())
    assert verification.result == "valid", verification.report.to_text()


def test_an_altered_official_vector_fails_with_proof_invalid(db: Any) -> None:
    signed = json.loads((VECTORS / "ob3-signed.json").read_text())
    altered = copy.deepcopy(signed)
    altered["credentialSubject"]["achievement"]["name"] = "Something else"
    verification = verify_input(altered, channel="api", fetcher=_vector_fetcher())
    assert verification.result == "invalid"
    assert "PROOF_INVALID" in _codes(verification)


def test_a_credential_issued_by_the_platform_is_valid_and_counted(issued: Award) -> None:
    verification = verify_input(
        issued.credential_json, channel="api", referer="https://hr.example.com/a?b"
    )
    assert verification.result == "valid", verification.report.to_text()
    assert {"PROOF_VALID", "ISSUER_KEY_BOUND", "NOT_REVOKED", "NOT_SUSPENDED"} <= _codes(
        verification
    )
    event = VerificationEvent.objects.get()
    assert (event.award, event.result, event.channel, event.referrer_domain) == (
        issued,
        "valid",
        "api",
        "hr.example.com",
    )


def test_revoked_and_suspended_credentials_say_so(revoked: Award, suspended: Award) -> None:
    assert verify_input(revoked.credential_json, channel="api").result == "revoked"
    assert verify_input(suspended.credential_json, channel="api").result == "suspended"


def test_an_expired_credential_is_expired(expired_credential: dict[str, Any]) -> None:
    verification = verify_input(expired_credential, channel="api")
    assert verification.result == "expired"
    assert "EXPIRED" in _codes(verification)


def test_status_lists_are_read_from_cache_on_repeated_verifications(issued: Award) -> None:
    verify_input(issued.credential_json, channel="api")
    again = verify_input(issued.credential_json, channel="api")
    origins = {s.origin for s in again.sources}
    assert origins <= {"cache", "revalidated"}, again.sources


def test_a_jwt_credential_is_verified(db: Any) -> None:
    key = Ed25519Key.generate()
    credential = _credential(key.did_key)
    token = sign_jwt(credential, key, kid=f"{key.did_key}#{key.public_multibase}")
    verification = verify_input(token, channel="api")
    assert verification.result == "valid", verification.report.to_text()
    assert verification.report.format == "jwt"
    assert not VerificationEvent.objects.exists()


def test_a_did_web_issuer_on_a_tls_server_is_resolved(allow_loopback: None, settings: Any) -> None:
    server = serve(tls=True)
    settings.CREDSTACK_FETCH_CA_FILE = server.ca_file
    try:
        did = f"did:web:127.0.0.1%3A{server.port}"
        key = Ed25519Key.generate()
        server.route(
            "/.well-known/did.json",
            body=json.dumps(did_web_document(did, [key])),
            Content_Type="application/did+ld+json",
        )
        signed = sign(_credential(did), key, verification_method=f"{did}#{key.public_multibase}")
        verification = verify_input(signed, channel="api")
        assert verification.result == "valid", verification.report.to_text()
        assert server.log[0][0] == "/.well-known/did.json"
    finally:
        server.stop()


def test_an_issuer_whose_server_is_unreachable_is_unverifiable(db: Any) -> None:
    key = Ed25519Key.generate()
    did = "did:web:169.254.169.254"
    signed = sign(_credential(did), key, verification_method=f"{did}#{key.public_multibase}")
    verification = verify_input(signed, channel="api")
    assert verification.result == "unverifiable"


def test_an_ob2_hosted_assertion_is_fetched_and_checked(
    allow_loopback: None, loopback: Any
) -> None:
    from credstack.vc.ob2 import ob2_documents

    key = Ed25519Key.generate()
    credential = sign(
        _credential(key.did_key), key, verification_method=f"{key.did_key}#{key.public_multibase}"
    )
    urls = {n: loopback.url(f"/ob2/{n}") for n in ("assertion", "badge", "issuer")}
    docs = ob2_documents(
        credential,
        assertion_url=urls["assertion"],
        badge_url=urls["badge"],
        issuer_url=urls["issuer"],
        recipient_email="ada@example.org",
        badge_image_url=loopback.url("/ob2/image.png"),
        issuer_homepage="https://example.edu",
        issuer_email="badges@example.edu",
    )
    for name, document in docs.items():
        loopback.route(
            f"/ob2/{name}", body=json.dumps(document), Content_Type="application/ld+json"
        )
    verification = verify_url(urls["assertion"], channel="api")
    assert verification.report.version == "ob2"
    assert "OB2_HOSTED" in _codes(verification), verification.report.to_text()


def test_a_url_on_a_private_address_is_refused_with_a_clear_answer(db: Any) -> None:
    for url in ("https://10.1.2.3/badge.json", "https://[::1]/b", "https://192.168.0.5/b"):
        verification = verify_url(url, channel="page")
        assert verification.result == "unverifiable"
        assert "FETCH_ADDRESS_REFUSED" in _codes(verification)


def test_a_slow_server_gives_a_timeout_answer_in_bounded_time(
    allow_loopback: None, loopback: Any, settings: Any
) -> None:
    from .servers import slow

    settings.CREDSTACK_FETCH_TIMEOUT = 1.0
    loopback.routes["/badge.json"] = slow(4.0)
    started = time.monotonic()
    verification = verify_url(loopback.url("/badge.json"), channel="api")
    assert time.monotonic() - started < 2.5
    assert "FETCH_TIMEOUT" in _codes(verification)


def _credential(issuer_id: str) -> dict[str, Any]:
    achievement = Achievement(
        id="https://example.edu/achievements/sql",
        name="SQL basics",
        description="Writes SELECT queries.",
        achievement_type="MicroCredential",
        criteria=Criteria(narrative="Pass the practical test."),
    )
    return AchievementCredential.create(
        issuer=Profile(id=issuer_id, name="Example University"),
        credential_subject=AchievementSubject.for_email("ada@example.org", achievement=achievement),
    ).to_json()
