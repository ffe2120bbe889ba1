"""Keys published at their own https URL (no fragment), trusted only when the controller vouches."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.vc.did import CONTROLLER_CONTEXT, did_web_document
from credstack.vc.errors import KeyResolutionError
from credstack.vc.fetch import MappingFetcher
from credstack.vc.keys import Ed25519Key
from credstack.vc.model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Criteria,
    Profile,
)
from credstack.vc.proofs import sign
from credstack.vc.resolve import KeyResolver
from credstack.vc.verify import verify

KEY = Ed25519Key.from_seed(bytes([7]) * 32)
OTHER = Ed25519Key.from_seed(bytes([8]) * 32)
ISSUER = "https://example.edu/issuers/1"
KEY_URL = "https://example.edu/keys/1"
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def key_document(key: Ed25519Key = KEY, **changes: Any) -> dict[str, Any]:
    document = {
        "@context": list(CONTROLLER_CONTEXT),
        "id": KEY_URL,
        "type": "Multikey",
        "controller": ISSUER,
        "publicKeyMultibase": key.public_multibase,
    }
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


def issuer_document(
    controller: str = ISSUER, methods: list[Any] | None = None, assertion: bool = True
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": list(CONTROLLER_CONTEXT),
        "id": controller,
        "verificationMethod": [KEY_URL] if methods is None else methods,
    }
    if assertion:
        document["assertionMethod"] = [KEY_URL]
    return document


def fetcher(documents: dict[str, Any]) -> MappingFetcher:
    return MappingFetcher({url: json.dumps(doc) for url, doc in documents.items()})


def published(key_doc: dict[str, Any] | None = None, issuer_doc: Any = None) -> MappingFetcher:
    return fetcher(
        {
            KEY_URL: key_document() if key_doc is None else key_doc,
            ISSUER: issuer_document() if issuer_doc is None else issuer_doc,
        }
    )


def credential(key: Ed25519Key = KEY, method: str = KEY_URL) -> dict[str, Any]:
    achievement = Achievement(
        id="https://example.edu/achievements/sql",
        name="SQL basics",
        description="Writes SELECT queries.",
        criteria=Criteria(narrative="Pass the practical test."),
        achievement_type="MicroCredential",
    )
    document = AchievementCredential.create(
        issuer=Profile(id=ISSUER, name="Example University"),
        credential_subject=AchievementSubject.for_email(
            "ada@example.org", achievement=achievement, salt="pepper"
        ),
        valid_from="2025-01-01T00:00:00Z",
        name="SQL basics certificate",
    ).to_json()
    return sign(document, key, verification_method=method)


def test_a_credential_signed_with_a_key_published_at_its_own_url_verifies() -> None:
    report = verify(credential(), fetcher=published(), now=NOW)
    assert report.result == "valid", report.to_text()
    assert report.check("issuer").code == "ISSUER_KEY_BOUND"
    assert report.proofs[0]["verification_method"] == KEY_URL


def test_it_resolves_the_key_to_its_url_and_the_controller_that_lists_it() -> None:
    resolved = KeyResolver(published()).resolve(KEY_URL)
    assert resolved.id == KEY_URL and resolved.controller == ISSUER
    assert resolved.public_key == KEY.public
    assert resolved.purposes == frozenset({"assertionMethod"})


def test_it_accepts_a_json_web_key_and_a_controller_that_embeds_the_same_key() -> None:
    jwk_document = key_document(
        type="JsonWebKey", publicKeyMultibase=None, publicKeyJwk=KEY.public_jwk()
    )
    embedded = {
        "id": KEY_URL,
        "type": "Multikey",
        "controller": ISSUER,
        "publicKeyMultibase": KEY.public_multibase,
    }
    resolver = KeyResolver(published(jwk_document, issuer_document(methods=[embedded])))
    assert resolver.resolve(KEY_URL).public_key == KEY.public


def test_a_controller_referencing_the_key_only_from_assertion_method_is_enough() -> None:
    resolver = KeyResolver(published(issuer_doc=issuer_document(methods=[])))
    assert resolver.resolve(KEY_URL).purposes == frozenset({"assertionMethod"})


def test_a_did_web_controller_can_vouch_for_an_https_key() -> None:
    did = "did:web:example.edu:issuers:1"
    controller = did_web_document(did, [OTHER])
    controller["verificationMethod"].append(KEY_URL)
    controller["assertionMethod"].append(KEY_URL)
    resolver = KeyResolver(
        fetcher(
            {
                KEY_URL: key_document(controller=did),
                "https://example.edu/issuers/1/did.json": controller,
            }
        )
    )
    resolved = resolver.resolve(KEY_URL)
    assert resolved.controller == did and "assertionMethod" in resolved.purposes


def test_a_key_listed_but_not_for_assertions_does_not_sign_credentials() -> None:
    fetch = published(issuer_doc=issuer_document(assertion=False))
    assert KeyResolver(fetch).resolve(KEY_URL).purposes == frozenset()
    report = verify(credential(), fetcher=fetch, now=NOW)
    assert report.result == "unverifiable"
    assert report.check("proof").code == "KEY_NOT_AUTHORIZED"


def test_a_key_whose_controller_is_not_the_issuer_is_not_the_issuers_key() -> None:
    # An outsider publishes a key and a controller document of their own that vouches for it.
    outsider = "https://outsider.example/me"
    fetch = fetcher(
        {
            KEY_URL: key_document(OTHER, controller=outsider),
            outsider: issuer_document(controller=outsider),
        }
    )
    report = verify(credential(OTHER), fetcher=fetch, now=NOW)
    assert report.result == "unverifiable"
    assert report.check("proof").code == "KEY_NOT_AUTHORIZED"


def test_a_signature_by_another_key_does_not_verify() -> None:
    report = verify(credential(OTHER), fetcher=published(), now=NOW)
    assert report.result == "invalid" and report.check("proof").code == "PROOF_INVALID"


@pytest.mark.parametrize(
    ("key_doc", "issuer_doc", "message"),
    [
        (key_document(id="https://example.edu/keys/2"), None, "not its own URL"),
        (key_document(id=None), None, "not its own URL"),
        (key_document(controller=None), None, "names no controller"),
        (key_document(controller=""), None, "names no controller"),
        (key_document(controller=f"{ISSUER}#me"), None, "has a fragment"),
        (key_document(type="RsaKey"), None, "is not a verification method"),
        (issuer_document(controller=KEY_URL), None, "is not a verification method"),
        (key_document(publicKeyMultibase="z6Mkbad"), None, "bad key"),
        (
            None,
            issuer_document(methods=["https://example.edu/keys/2"], assertion=False),
            "does not list",
        ),
        (None, issuer_document(controller="https://example.edu/issuers/2"), "does not match"),
        (
            None,
            issuer_document(
                methods=[
                    {
                        "id": KEY_URL,
                        "type": "Multikey",
                        "controller": ISSUER,
                        "publicKeyMultibase": OTHER.public_multibase,
                    }
                ]
            ),
            "different key",
        ),
        (
            None,
            issuer_document(methods=[{"id": KEY_URL, "controller": "https://evil.example"}]),
            "with controller",
        ),
    ],
)
def test_it_refuses_key_documents_the_controller_does_not_vouch_for(
    key_doc: dict[str, Any] | None, issuer_doc: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(KeyResolutionError, match=message):
        KeyResolver(published(key_doc, issuer_doc)).resolve(KEY_URL)


def test_a_key_claiming_a_controller_that_does_not_list_it_fails_verification() -> None:
    fetch = published(key_document(OTHER), issuer_document(methods=[], assertion=False))
    report = verify(credential(OTHER), fetcher=fetch, now=NOW)
    assert report.result == "unverifiable"
    assert report.check("proof").code == "KEY_RESOLUTION_FAILED"
    assert "does not list" in report.check("proof").message


@pytest.mark.parametrize(
    ("controller", "allowed", "message"),
    [
        ("http://example.edu/issuers/1", ("key", "web", "https"), "unsupported method"),
        ("did:example:123", ("key", "web", "https"), "unsupported method"),
        ("did:web:example.edu", ("https",), "not allowed"),
    ],
)
def test_the_controller_must_use_a_method_the_resolver_allows(
    controller: str, allowed: tuple[str, ...], message: str
) -> None:
    resolver = KeyResolver(published(key_document(controller=controller)), allowed)
    with pytest.raises(KeyResolutionError, match=f"cannot be resolved.*{message}"):
        resolver.resolve(KEY_URL)


def test_a_did_key_controller_never_lists_an_https_key() -> None:
    resolver = KeyResolver(published(key_document(controller=KEY.did_key)))
    with pytest.raises(KeyResolutionError, match="does not list"):
        resolver.resolve(KEY_URL)
    with pytest.raises(KeyResolutionError, match="not an Ed25519 did:key"):
        KeyResolver(published(key_document(controller="did:key:zBad"))).resolve(KEY_URL)


def test_unreachable_key_or_controller_documents_are_reported() -> None:
    with pytest.raises(KeyResolutionError, match=f"could not fetch {KEY_URL!r}"):
        KeyResolver(fetcher({})).resolve(KEY_URL)
    with pytest.raises(KeyResolutionError, match=f"could not fetch {ISSUER!r}"):
        KeyResolver(fetcher({KEY_URL: key_document()})).resolve(KEY_URL)
    with pytest.raises(KeyResolutionError, match="no fetcher"):
        KeyResolver().resolve(KEY_URL)


def test_did_web_urls_and_empty_fragments_still_need_a_fragment() -> None:
    did = "did:web:example.edu"
    resolver = KeyResolver(fetcher({"https://example.edu/.well-known/did.json": {"id": did}}))
    with pytest.raises(KeyResolutionError, match="no fragment"):
        resolver.resolve(did)
    with pytest.raises(KeyResolutionError, match="no fragment"):
        KeyResolver(published()).resolve(f"{KEY_URL}#")


def test_plain_http_key_urls_work_only_on_named_origins() -> None:
    origin = "http://127.0.0.1:8000"
    key_url, issuer = f"{origin}/keys/1", f"{origin}/issuers/1"
    fetch = fetcher(
        {
            key_url: key_document(id=key_url, controller=issuer),
            issuer: {"id": issuer, "verificationMethod": [key_url], "assertionMethod": [key_url]},
        }
    )
    with pytest.raises(KeyResolutionError, match="unsupported method"):
        KeyResolver(fetch).resolve(key_url)
    resolved = KeyResolver(fetch, http_origins=[origin]).resolve(key_url)
    assert resolved.controller == issuer and resolved.public_key == KEY.public
