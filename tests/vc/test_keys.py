"""Ed25519 keys, Multikey/PEM/JWK formats, did:key, did:web and controller documents."""

from __future__ import annotations

import pytest

from credstack.vc._multibase import ED25519_PUB_HEADER, decode_base58btc, decode_multikey
from credstack.vc.did import controller_document, did_key_document, did_web_document, did_web_url
from credstack.vc.errors import KeyError_, KeyResolutionError
from credstack.vc.keys import Ed25519Key, PublicKey

KEY = Ed25519Key.from_secret_multibase("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")


def test_a_generated_key_signs_and_verifies() -> None:
    key = Ed25519Key.generate()
    assert key.public_multibase.startswith("z6Mk")
    assert key.secret_multibase.startswith("z3u2")
    assert key.public.verify(key.sign(b"data"), b"data")
    assert not key.public.verify(key.sign(b"data"), b"other")
    assert not key.public.verify(b"short", b"data")


def test_it_never_shows_the_secret_in_repr_or_str() -> None:
    for text in (repr(KEY), str(KEY)):
        assert KEY.secret_multibase not in text and KEY.public_multibase in text
    assert KEY.private_jwk()["d"] not in repr(KEY)


def test_it_round_trips_every_format() -> None:
    assert Ed25519Key.from_secret_multibase(KEY.secret_multibase).public == KEY.public
    assert Ed25519Key.from_pem(KEY.to_pem()).public == KEY.public
    assert Ed25519Key.from_pem(KEY.to_pem(b"pw"), password=b"pw").public == KEY.public
    assert Ed25519Key.from_jwk(KEY.private_jwk()).public == KEY.public
    assert PublicKey.from_jwk(KEY.public_jwk()) == KEY.public
    assert PublicKey.from_pem(KEY.public.to_pem()) == KEY.public
    assert PublicKey.from_multibase(KEY.public_multibase) == KEY.public
    assert KEY.did_key == "did:key:" + KEY.public_multibase
    assert hash(KEY.public) == hash(PublicKey(KEY.public.raw))


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Ed25519Key.from_seed(b"short"),
        lambda: Ed25519Key.from_pem(b"not pem"),
        lambda: Ed25519Key.from_pem(KEY.to_pem(b"pw"), password=b"wrong"),
        lambda: Ed25519Key.from_jwk({"kty": "EC", "crv": "P-256"}),
        lambda: Ed25519Key.from_jwk(
            {**KEY.private_jwk(), "x": Ed25519Key.generate().public_jwk()["x"]}
        ),
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "d": "a=="}),
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "d": 5}),
        lambda: Ed25519Key.from_jwk("nope"),  # type: ignore[arg-type]
        lambda: PublicKey(b"\x00" * 31),
        lambda: PublicKey.from_pem(b"junk"),
        lambda: PublicKey.from_multibase("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"),
        lambda: PublicKey.from_multibase("u6Mk"),
        lambda: PublicKey.from_multibase("z0OIl"),
        lambda: decode_multikey("z" + "1" * 600, ED25519_PUB_HEADER),
        lambda: decode_multikey("z6MkrJVnaZkeFzdQ", ED25519_PUB_HEADER),
    ],
)
def test_it_refuses_bad_key_material_with_key_invalid(bad: object) -> None:
    with pytest.raises(KeyError_) as error:
        bad()  # type: ignore[operator]
    assert error.value.code == "KEY_INVALID"


def test_it_refuses_a_pem_of_another_key_type() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1())
    private = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = other.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(KeyError_):
        Ed25519Key.from_pem(private)
    with pytest.raises(KeyError_):
        PublicKey.from_pem(public)


def test_the_did_key_document_lists_the_key_under_every_relationship() -> None:
    document = did_key_document(KEY)
    method_id = f"{KEY.did_key}#{KEY.public_multibase}"
    assert document["id"] == KEY.did_key
    assert document["verificationMethod"] == [
        {
            "id": method_id,
            "type": "Multikey",
            "controller": KEY.did_key,
            "publicKeyMultibase": KEY.public_multibase,
        }
    ]
    for relationship in (
        "authentication",
        "assertionMethod",
        "capabilityDelegation",
        "capabilityInvocation",
    ):
        assert document[relationship] == [method_id]
    assert did_key_document(KEY.public_multibase) == did_key_document(KEY.public)


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.com", "https://example.com/.well-known/did.json"),
        ("did:web:example.com:user:alice", "https://example.com/user/alice/did.json"),
        ("did:web:example.com%3A3000", "https://example.com:3000/.well-known/did.json"),
        ("did:web:example.com%3A3000:issuers:1", "https://example.com:3000/issuers/1/did.json"),
    ],
)
def test_it_maps_did_web_to_https_urls(did: str, url: str) -> None:
    assert did_web_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:web:",
        "did:key:z6Mk",
        "did:web:exa mple.com",
        "did:web:example.com:..",
        "did:web:example.com:a%2Fb",
        5,
    ],
)
def test_it_refuses_malformed_did_web(did: object) -> None:
    with pytest.raises(KeyResolutionError):
        did_web_url(did)  # type: ignore[arg-type]


def test_did_web_and_controller_documents_list_multikeys() -> None:
    document = did_web_document("did:web:example.com", [KEY])
    assert document["assertionMethod"] == [f"did:web:example.com#{KEY.public_multibase}"]
    issuer = "https://example.edu/issuers/1"
    controller = controller_document(issuer, [KEY, Ed25519Key.generate()])
    assert controller["assertionMethod"][0] == f"{issuer}#{KEY.public_multibase}"
    assert len(controller["verificationMethod"]) == 2
    assert "authentication" not in controller
    for bad in ("ftp://example.edu/i", "https://example.edu/i#frag"):
        with pytest.raises(KeyResolutionError):
            controller_document(bad, [KEY])
    with pytest.raises(KeyResolutionError):
        controller_document(issuer, [])


def test_base58_decoding_refuses_non_strings() -> None:
    with pytest.raises(KeyError_):
        decode_base58btc(None)  # type: ignore[arg-type]
