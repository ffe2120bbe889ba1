"""Key resolution: did:key offline, did:web and https through the fetcher, strict trust."""

from __future__ import annotations

import json
from typing import Any

import pytest

from credstack.vc.did import controller_document, did_web_document
from credstack.vc.errors import KeyResolutionError
from credstack.vc.fetch import MappingFetcher
from credstack.vc.keys import Ed25519Key
from credstack.vc.resolve import KeyResolver

KEY = Ed25519Key.from_seed(bytes(32))
OTHER = Ed25519Key.from_seed(bytes([1]) * 32)
ISSUER = "https://example.edu/issuers/1"


def fetcher(documents: dict[str, Any]) -> MappingFetcher:
    return MappingFetcher(
        {
            url: doc if isinstance(doc, bytes | str) else json.dumps(doc)
            for url, doc in documents.items()
        }
    )


def test_it_resolves_did_key_offline() -> None:
    resolved = KeyResolver().resolve(f"{KEY.did_key}#{KEY.public_multibase}")
    assert resolved.controller == KEY.did_key
    assert resolved.public_key == KEY.public
    assert "assertionMethod" in resolved.purposes
    assert KeyResolver().resolve(KEY.did_key).id == f"{KEY.did_key}#{KEY.public_multibase}"


def test_it_refuses_a_did_key_with_a_foreign_fragment_or_bad_key() -> None:
    with pytest.raises(KeyResolutionError):
        KeyResolver().resolve(f"{KEY.did_key}#{OTHER.public_multibase}")
    with pytest.raises(KeyResolutionError):
        KeyResolver().resolve("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")


def test_it_resolves_did_web_through_the_fetcher() -> None:
    did = "did:web:example.com:issuers:1"
    resolver = KeyResolver(
        fetcher({"https://example.com/issuers/1/did.json": did_web_document(did, [KEY])})
    )
    resolved = resolver.resolve(f"{did}#{KEY.public_multibase}")
    assert resolved.controller == did and resolved.public_key == KEY.public


def test_it_resolves_an_https_key_listed_by_the_issuer() -> None:
    resolver = KeyResolver(fetcher({ISSUER: controller_document(ISSUER, [KEY])}))
    resolved = resolver.resolve(f"{ISSUER}#{KEY.public_multibase}")
    assert resolved.controller == ISSUER and resolved.purposes == frozenset({"assertionMethod"})


def test_it_does_not_trust_a_key_named_only_in_the_fragment() -> None:
    resolver = KeyResolver(fetcher({ISSUER: controller_document(ISSUER, [KEY])}))
    with pytest.raises(KeyResolutionError, match="not listed"):
        resolver.resolve(f"{ISSUER}#{OTHER.public_multibase}")
    with pytest.raises(KeyResolutionError, match="no fetcher"):
        KeyResolver().resolve(f"{ISSUER}#{KEY.public_multibase}")


def test_it_reads_relative_references_embedded_methods_and_jwks() -> None:
    document = {
        "id": ISSUER,
        "verificationMethod": [
            {
                "id": "#k1",
                "type": "JsonWebKey",
                "controller": ISSUER,
                "publicKeyJwk": KEY.public_jwk(),
            }
        ],
        "assertionMethod": ["#k1"],
        "authentication": [
            {
                "id": "#k2",
                "type": "Ed25519VerificationKey2020",
                "controller": ISSUER,
                "publicKeyMultibase": OTHER.public_multibase,
            }
        ],
    }
    resolver = KeyResolver(fetcher({ISSUER: document}))
    assert resolver.resolve(f"{ISSUER}#k1").public_key == KEY.public
    assert resolver.resolve(f"{ISSUER}#k2").purposes == frozenset({"authentication"})


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"id": "https://elsewhere.example/x"}, "does not match"),
        (
            {
                "id": ISSUER,
                "verificationMethod": [
                    {
                        "id": f"{ISSUER}#k",
                        "type": "Multikey",
                        "controller": "https://evil.example",
                        "publicKeyMultibase": KEY.public_multibase,
                    }
                ],
            },
            "names controller",
        ),
        (
            {
                "id": ISSUER,
                "verificationMethod": {"id": f"{ISSUER}#k", "type": "RsaKey", "controller": ISSUER},
            },
            "unsupported type",
        ),
        (
            {
                "id": ISSUER,
                "verificationMethod": [
                    {
                        "id": f"{ISSUER}#k",
                        "type": "Multikey",
                        "controller": ISSUER,
                        "publicKeyMultibase": "z6Mkbad",
                    }
                ],
            },
            "bad key",
        ),
        (b"not json", "not JSON"),
        ([1, 2], "not a JSON object"),
        (b"{" + b" " * 300_000 + b"}", "larger than"),
    ],
)
def test_it_refuses_bad_controller_documents(document: Any, message: str) -> None:
    resolver = KeyResolver(fetcher({ISSUER: document}))
    with pytest.raises(KeyResolutionError, match=message):
        resolver.resolve(f"{ISSUER}#k")


@pytest.mark.parametrize("method", ["", "http://example.edu/k#1", "did:example:123#k", 5, ISSUER])
def test_it_refuses_unsupported_or_incomplete_methods(method: Any) -> None:
    with pytest.raises(KeyResolutionError):
        KeyResolver(fetcher({})).resolve(method)


def test_it_honours_the_allow_list_and_reports_fetch_failures() -> None:
    with pytest.raises(KeyResolutionError, match="not allowed"):
        KeyResolver(allowed_methods=("key",)).resolve(f"{ISSUER}#k")
    with pytest.raises(KeyResolutionError, match="could not fetch"):
        KeyResolver(fetcher({})).resolve(f"{ISSUER}#k")


def test_it_caches_results_for_max_age_and_bounds_the_cache() -> None:
    now = [0.0]
    calls: list[str] = []
    inner = fetcher({ISSUER: controller_document(ISSUER, [KEY, OTHER])})

    def counting(url: str, *, accept: str = "application/json") -> Any:
        calls.append(url)
        return inner(url, accept=accept)

    resolver = KeyResolver(counting, max_age=10, cache_size=1, clock=lambda: now[0])
    first = f"{ISSUER}#{KEY.public_multibase}"
    resolver.resolve(first)
    resolver.resolve(first)
    assert len(calls) == 1
    now[0] = 11
    resolver.resolve(first)
    assert len(calls) == 2
    resolver.resolve(f"{ISSUER}#{OTHER.public_multibase}")
    resolver.resolve(first)
    assert len(calls) == 4


def test_it_refuses_plain_http_key_urls_unless_the_origin_is_named():
    from credstack.vc.did import controller_document
    from credstack.vc.errors import KeyResolutionError
    from credstack.vc.fetch import MappingFetcher
    from credstack.vc.keys import Ed25519Key
    from credstack.vc.resolve import KeyResolver

    key = Ed25519Key.generate()
    issuer = "http://127.0.0.1:8000/issuers/northbridge"
    document = controller_document(issuer, [key])
    fetcher = MappingFetcher({issuer: json.dumps(document)})
    method = f"{issuer}#{key.public_multibase}"

    with pytest.raises(KeyResolutionError):
        KeyResolver(fetcher).resolve(method)
    with pytest.raises(KeyResolutionError):
        KeyResolver(fetcher, http_origins=["http://127.0.0.1:9999"]).resolve(method)
    resolved = KeyResolver(fetcher, http_origins=["http://127.0.0.1:8000"]).resolve(method)
    assert resolved.controller == issuer
