"""VC-JWT as OB 3.0 profiles it: issuing with EdDSA/RS256, verifying EdDSA/RS256/ES256."""

from __future__ import annotations

import base64
import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from joserfc import jws
from joserfc.jwk import ECKey, OKPKey, RSAKey

from credstack.vc.errors import FetchError, ProofGenerationError
from credstack.vc.fetch import MappingFetcher
from credstack.vc.jwt import JwtInvalid, is_compact_jws, sign_jwt, verify_jwt
from credstack.vc.keys import Ed25519Key
from credstack.vc.resolve import KeyResolver

VECTORS = Path(__file__).parents[1] / "vectors" / "1edtech-ob3-spec"
KEY = Ed25519Key.from_seed(bytes(range(32)))
ISSUER = "https://example.edu/issuers/1"
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def credential(issuer: str = ISSUER, **extra: object) -> dict:
    document = json.loads((VECTORS / "examples" / "basicOpenBadgeCredential.json").read_text())
    document["issuer"]["id"] = issuer
    document.update(extra)
    return document


def did_credential() -> dict:
    return credential(KEY.did_key)


def b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def forge(header: dict, claims: dict, key=None) -> str:
    """Sign arbitrary header/claims (to test claim and header rules on genuine signatures)."""
    jose_key = key or OKPKey.import_key(KEY.to_pem())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jws.serialize_compact(
            header, json.dumps(claims).encode(), jose_key, algorithms=[header["alg"]]
        )


def test_it_issues_and_verifies_an_eddsa_jwt_with_a_did_key_kid() -> None:
    document = did_credential()
    token = sign_jwt(document, KEY, kid=f"{KEY.did_key}#{KEY.public_multibase}")
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": f"{KEY.did_key}#{KEY.public_multibase}"}
    verified = verify_jwt(token, now=NOW)
    assert verified.credential == document
    assert verified.key_bound and verified.vcdm_version == "2.0"
    assert verified.claims["iss"] == KEY.did_key and verified.claims["jti"] == document["id"]
    assert verified.claims["sub"] == document["credentialSubject"]["id"]
    assert verified.claims["nbf"] == 1262304000  # 2010-01-01T00:00:00Z


def test_it_embeds_the_public_jwk_without_the_private_part() -> None:
    token = sign_jwt(did_credential(), KEY, jwk=True)
    verified = verify_jwt(token, now=NOW)
    assert "d" not in verified.header["jwk"]
    assert verified.key_bound  # the did:key issuer's own key


def test_a_jwk_header_key_is_not_bound_to_a_web_issuer() -> None:
    verified = verify_jwt(sign_jwt(credential(), KEY, jwk=True), now=NOW)
    assert not verified.key_bound


def test_it_issues_and_verifies_rs256_and_es256() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = sign_jwt(credential(), rsa_key, jwk=True)
    assert verify_jwt(token, now=NOW).header["alg"] == "RS256"
    ec_key = ECKey.generate_key("P-256")
    token = sign_jwt(credential(), ec_key, jwk=True)
    assert verify_jwt(token, now=NOW).header["alg"] == "ES256"


def test_it_sets_exp_from_valid_until_and_enforces_it() -> None:
    token = sign_jwt(did_credential() | {"validUntil": "2030-01-01T00:00:00Z"}, KEY, jwk=True)
    assert verify_jwt(token, now=NOW).claims["exp"] == 1893456000
    with pytest.raises(JwtInvalid) as info:
        verify_jwt(token, now=datetime(2031, 1, 1, tzinfo=UTC))
    assert info.value.reason == "JWT_EXPIRED"
    with pytest.raises(JwtInvalid) as info:
        verify_jwt(token, now=datetime(2009, 1, 1, tzinfo=UTC))
    assert info.value.reason == "JWT_NOT_YET_VALID"
    assert verify_jwt(token, now=datetime(2031, 1, 1, tzinfo=UTC), check_dates=False)


def test_it_refuses_an_algorithm_outside_the_allow_list() -> None:
    token = sign_jwt(did_credential(), KEY, jwk=True)
    with pytest.raises(JwtInvalid) as info:
        verify_jwt(token, algorithms=["RS256"])
    assert info.value.reason == "JWT_ALG_NOT_ALLOWED"
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(did_credential())}.AA"
    with pytest.raises(JwtInvalid) as info:
        verify_jwt(unsigned, algorithms=["none"])
    assert info.value.reason == "JWT_ALG_NOT_ALLOWED"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"alg": "EdDSA", "jwk": "KEY", "x5u": "https://evil"}, "forbids"),
        ({"alg": "EdDSA", "jwk": "KEY", "typ": "at+jwt"}, "typ must be 'JWT'"),
        ({"alg": "EdDSA", "jwk": "KEY", "kid": "did:example:1"}, "exactly one of kid and jwk"),
        ({"alg": "EdDSA"}, "exactly one of kid and jwk"),
        ({"alg": "EdDSA", "jwk": "PRIVATE"}, "private key material"),
        ({"alg": "EdDSA", "jwk": "not-an-object"}, "must be a JSON object"),
        ({"alg": "EdDSA", "kid": 7}, "kid must be a string"),
    ],
)
def test_it_enforces_the_ob_header_rules(header: dict, message: str) -> None:
    if header.get("jwk") == "KEY":
        header["jwk"] = KEY.public_jwk()
    elif header.get("jwk") == "PRIVATE":
        header["jwk"] = KEY.private_jwk()
    claims = did_credential() | {
        "iss": KEY.did_key,
        "jti": did_credential()["id"],
        "nbf": 1262304000,
        "sub": "did:example:ebfeb1f712ebc6f1c276e12ec21",
    }
    token = f"{b64(header)}.{b64(claims)}.{b64(b'x' * 64)}"
    with pytest.raises(JwtInvalid, match=message) as info:
        verify_jwt(token)
    assert info.value.reason == "JWT_HEADER_INVALID"


def test_it_detects_a_tampered_payload() -> None:
    token = sign_jwt(did_credential(), KEY, jwk=True)
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["credentialSubject"]["achievement"]["name"] = "Rocket science"
    with pytest.raises(JwtInvalid) as info:
        verify_jwt(f"{head}.{b64(claims)}.{signature}", now=NOW)
    assert info.value.reason == "JWT_SIGNATURE_INVALID"


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("iss", "https://other.example"),
        ("jti", "urn:uuid:other"),
        ("sub", "did:example:other"),
        ("nbf", 1),
        ("exp", 5),
    ],
)
def test_it_refuses_claims_that_disagree_with_the_credential(claim: str, value: object) -> None:
    document = did_credential() | {"validUntil": "2030-01-01T00:00:00Z"}
    claims = document | {
        "iss": KEY.did_key,
        "jti": document["id"],
        "nbf": 1262304000,
        "sub": document["credentialSubject"]["id"],
        "exp": 1893456000,
    }
    claims[claim] = value
    token = forge({"alg": "EdDSA", "jwk": KEY.public_jwk()}, claims)
    with pytest.raises(JwtInvalid, match=f"the '{claim}' claim") as info:
        verify_jwt(token, now=NOW)
    assert info.value.reason == "JWT_CLAIMS_MISMATCH"
    del claims[claim]
    with pytest.raises(JwtInvalid, match=f"the '{claim}' claim is missing"):
        verify_jwt(forge({"alg": "EdDSA", "jwk": KEY.public_jwk()}, claims), now=NOW)


def test_it_accepts_a_vcdm_1_1_token_with_a_vc_claim() -> None:
    vc = did_credential()
    vc["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    vc["issuanceDate"] = vc.pop("validFrom")
    vc["expirationDate"] = "2030-01-01T00:00:00Z"
    token = forge(
        {"alg": "EdDSA", "typ": "JWT", "kid": f"{KEY.did_key}#{KEY.public_multibase}"},
        {"iss": KEY.did_key, "nbf": 1262304000, "exp": 1893456000, "vc": vc},
    )
    verified = verify_jwt(token, now=NOW)
    assert verified.vcdm_version == "1.1" and verified.credential == vc and verified.key_bound
    bad = forge({"alg": "EdDSA", "jwk": KEY.public_jwk()}, {"iss": KEY.did_key, "vc": "nope"})
    with pytest.raises(JwtInvalid, match="vc claim must be a JSON object"):
        verify_jwt(bad)


def test_it_refuses_a_credential_with_an_unreadable_valid_from() -> None:
    claims = did_credential() | {
        "validFrom": "soon",
        "iss": KEY.did_key,
        "jti": did_credential()["id"],
        "sub": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "nbf": 0,
    }
    with pytest.raises(JwtInvalid, match="not a date-time"):
        verify_jwt(forge({"alg": "EdDSA", "jwk": KEY.public_jwk()}, claims))


def test_it_dereferences_an_https_kid_to_a_jwk_a_jwk_set_or_a_multikey() -> None:
    kid = "https://example.edu/keys/1"
    token = sign_jwt(credential(), KEY, kid=kid)
    for document in (
        KEY.public_jwk(),
        {
            "keys": [
                KEY.public_jwk() | {"kid": kid},
                {"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "kid": "other"},
            ]
        },
        {"keys": [KEY.public_jwk()]},
        {
            "id": kid,
            "type": "Multikey",
            "controller": ISSUER,
            "publicKeyMultibase": KEY.public_multibase,
        },
        {
            "id": "https://example.edu/keys",
            "verificationMethod": [{"id": kid, "publicKeyJwk": KEY.public_jwk()}],
        },
    ):
        verified = verify_jwt(token, fetcher=MappingFetcher({kid: json.dumps(document)}), now=NOW)
        assert verified.key_bound  # same origin as the issuer
    other = sign_jwt(credential("https://elsewhere.example/issuer"), KEY, kid=kid)
    assert not verify_jwt(
        other, fetcher=MappingFetcher({kid: json.dumps(KEY.public_jwk())}), now=NOW
    ).key_bound


@pytest.mark.parametrize(
    ("kid", "documents", "message"),
    [
        ("https://example.edu/keys/1", None, "no fetcher"),
        ("https://example.edu/keys/1", {}, "no document is known"),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": "not json"},
            "did not return JSON",
        ),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": "[1]"},
            "did not return a JSON object",
        ),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": '{"keys": [{"kid": "a"}, {"kid": "b"}]}'},
            "no key with that kid",
        ),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": '{"id": "x"}'},
            "holds no key",
        ),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": '{"kty": "oct", "k": "AAAA"}'},
            "symmetric",
        ),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": '{"kty": "OKP"}'},
            "not a usable public JWK",
        ),
        (
            "https://example.edu/keys/1",
            {"https://example.edu/keys/1": '{"publicKeyMultibase": "zQ3s"}'},
            "not an Ed25519 Multikey",
        ),
        ("http://example.edu/keys/1", {}, "DID URL or an https URL"),
        ("did:web:example.edu#key-1", {}, "KEY_RESOLUTION|could not be resolved"),
    ],
)
def test_it_reports_keys_it_cannot_resolve(kid: str, documents: dict | None, message: str) -> None:
    token = sign_jwt(credential(), KEY, kid=kid)
    fetcher = None if documents is None else MappingFetcher(documents)
    with pytest.raises(JwtInvalid, match=message) as info:
        verify_jwt(
            token, fetcher=fetcher, resolver=KeyResolver(fetcher) if documents is not None else None
        )
    assert info.value.reason == "JWT_KEY_UNRESOLVED"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "a.b",
        "a.b.c.d",
        "###.###.###",
        f"{b64(b'[1]')}.{b64(b'{}')}.AA",
        f"{b64(b'nope')}.{b64(b'{}')}.AA",
        "x" * (4 * 1024 * 1024 + 1),
    ],
)
def test_it_refuses_malformed_tokens(token: str) -> None:
    with pytest.raises(JwtInvalid) as info:
        verify_jwt(token)
    assert info.value.reason in {"JWT_MALFORMED"}


def test_it_recognises_compact_jws_shapes() -> None:
    assert is_compact_jws(sign_jwt(did_credential(), KEY, jwk=True))
    assert not is_compact_jws('{"a": 1}') and not is_compact_jws("a..c")


def test_it_refuses_to_sign_without_exactly_one_key_reference_or_with_bad_input() -> None:
    with pytest.raises(ProofGenerationError, match="exactly one"):
        sign_jwt(did_credential(), KEY)
    with pytest.raises(ProofGenerationError, match="exactly one"):
        sign_jwt(did_credential(), KEY, kid="did:x", jwk=True)
    with pytest.raises(ProofGenerationError, match="cannot sign a JWT with a str"):
        sign_jwt(did_credential(), "secret", jwk=True)
    with pytest.raises(ProofGenerationError, match="lacks a required property"):
        sign_jwt({"issuer": "x"}, KEY, jwk=True)
    with pytest.raises(ProofGenerationError, match="only Ed25519"):
        sign_jwt(did_credential(), OKPKey.generate_key("Ed448"), jwk=True)
    with pytest.raises(ProofGenerationError, match="only P-256"):
        sign_jwt(did_credential(), ec.generate_private_key(ec.SECP384R1()), jwk=True)
    assert sign_jwt(did_credential(), RSAKey.generate_key(2048), jwk=True)


def test_a_resolver_failure_is_reported_not_raised() -> None:
    class Failing:
        def resolve(self, verification_method: str):
            raise FetchError("offline")

    token = sign_jwt(did_credential(), KEY, kid=f"{KEY.did_key}#{KEY.public_multibase}")
    with pytest.raises(JwtInvalid, match="offline"):
        verify_jwt(token, resolver=Failing())
