"""VC-JWT as Open Badges 3.0 profiles it (OB 3.0 §"JSON Web Token Proof Format").

A VC-JWT is a compact JWS (RFC 7515) whose payload is the credential itself plus the JWT claims
``iss`` = issuer.id, ``jti`` = id, ``nbf`` = validFrom, ``sub`` = credentialSubject.id and
``exp`` = validUntil. OB allows only the headers ``alg``, ``kid`` (a URI that dereferences to the
public key) or ``jwk`` (the public key itself, never with private members) and ``typ`` = ``JWT``.
VCDM 1.1-era tokens carry the credential in a ``vc`` claim instead; they are accepted too.

Verification takes an explicit algorithm allow-list (never inferred from the token) and reports
each failure with a stable ``reason`` code on :class:`JwtInvalid`.
"""

from __future__ import annotations

import base64
import binascii
import json
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey, RSAKey

from ._jwt_keys import JoseKey, Resolver, resolve_jwt_key
from .errors import (
    CredentialMalformed,
    FetchError,
    KeyResolutionError,
    ProofGenerationError,
    ProofInvalid,
)
from .fetch import Fetcher

__all__ = [
    "DEFAULT_ALGORITHMS",
    "JwtInvalid",
    "VerifiedJwt",
    "is_compact_jws",
    "sign_jwt",
    "verify_jwt",
]

#: Algorithms accepted by default: OB's minimum (RS256), EdDSA (and its RFC 9864 name
#: ``Ed25519``) and ES256. ``none`` and HMAC algorithms are never accepted.
DEFAULT_ALGORITHMS: tuple[str, ...] = ("EdDSA", "Ed25519", "RS256", "ES256")
_ASYMMETRIC = frozenset({"EdDSA", "Ed25519", "RS256", "RS384", "RS512", "ES256", "ES384", "PS256"})
_ALLOWED_HEADERS = frozenset({"alg", "kid", "jwk", "typ"})
_ALLOWED_TYP = frozenset({"JWT", "vc+jwt"})  # OB says JWT; VC-JOSE-COSE says vc+jwt
_PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_JWT_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
MAX_TOKEN_BYTES = 4 * 1024 * 1024


def _registry() -> jws.JWSRegistry:
    # joserfc's defaults (512-byte header, 128 kB payload) are too small for an RSA ``jwk``
    # header or a CLR bundle; our own size limit is checked before joserfc sees the token.
    registry = jws.JWSRegistry(algorithms=list(_ASYMMETRIC))
    registry.max_header_length = 16 * 1024
    registry.max_payload_length = MAX_TOKEN_BYTES
    return registry


_REGISTRY = _registry()


class JwtInvalid(ProofInvalid):
    """A VC-JWT failed verification; ``reason`` is a stable code naming the rule it broke."""

    code = "PROOF_INVALID"

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VerifiedJwt:
    """A VC-JWT whose signature and claims checked out.

    ``credential`` is the credential without the JWT claims; ``key_bound`` says whether the
    key is tied to the issuer (a DID/URL controlled by it) rather than merely named in the token.
    """

    credential: dict[str, Any]
    header: dict[str, Any]
    claims: dict[str, Any]
    public_jwk: dict[str, Any]
    key_id: str | None
    key_bound: bool
    vcdm_version: str


def is_compact_jws(text: str) -> bool:
    """True when ``text`` has the shape of a compact JWS (three base64url parts)."""
    parts = text.strip().split(".")
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    return len(parts) == 3 and all(p and set(p) <= alphabet for p in parts)


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _numeric_date(value: Any, field: str) -> int:
    """Seconds since the epoch of an XSD dateTime (RFC 7519 ``NumericDate``, truncated)."""
    if not isinstance(value, str):
        raise CredentialMalformed(f"{field} must be a date-time string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as e:
        raise CredentialMalformed(f"{field} is not a date-time: {value!r}") from e
    if moment.tzinfo is None:
        raise CredentialMalformed(f"{field} has no time zone: {value!r}")
    return int(moment.timestamp())


def _as_jose_key(key: Any) -> OKPKey | RSAKey | ECKey:
    """Accept a joserfc key, a ``cryptography`` private key or an object with ``to_pem()``."""
    if isinstance(key, OKPKey | RSAKey | ECKey):
        return key
    if hasattr(key, "to_pem"):  # credstack.vc.keys.Ed25519Key
        return OKPKey.import_key(key.to_pem())
    if isinstance(key, rsa.RSAPrivateKey):
        return RSAKey.import_key(key)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return ECKey.import_key(key)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return OKPKey.import_key(key)
    raise ProofGenerationError(f"cannot sign a JWT with a {type(key).__name__}")


def _algorithm_for(key: OKPKey | RSAKey | ECKey) -> str:
    if isinstance(key, OKPKey):
        if key.as_dict(private=False).get("crv") != "Ed25519":
            raise ProofGenerationError("only Ed25519 OKP keys can sign (alg EdDSA)")
        return "EdDSA"
    if isinstance(key, RSAKey):
        return "RS256"
    if key.as_dict(private=False).get("crv") != "P-256":
        raise ProofGenerationError("only P-256 EC keys can sign (alg ES256)")
    return "ES256"


def _serialize(header: dict[str, Any], payload: bytes, key: JoseKey) -> str:
    with warnings.catch_warnings():
        # joserfc flags "EdDSA" as superseded by RFC 9864's "Ed25519"; OB 3.0 names EdDSA.
        warnings.simplefilter("ignore")
        return jws.serialize_compact(
            header, payload, key, algorithms=[header["alg"]], registry=_REGISTRY
        )


def sign_jwt(
    credential: dict[str, Any], key: Any, *, kid: str | None = None, jwk: bool = False
) -> str:
    """Secure ``credential`` as an OB 3.0 VC-JWT (EdDSA for Ed25519 keys, RS256 for RSA keys).

    Exactly one of ``kid`` (a URI that dereferences to the public key, e.g. the issuer's
    ``did:key:…#z6Mk…`` or an https JWK URL) and ``jwk=True`` (embed the public JWK) must be
    given. If the credential also carries an embedded proof, add that first (OB 3.0 §"Proofs").
    """
    if (kid is None) == (not jwk):
        raise ProofGenerationError("give exactly one of kid=... or jwk=True")
    jose_key = _as_jose_key(key)
    header: dict[str, Any] = {"alg": _algorithm_for(jose_key), "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    else:
        header["jwk"] = jose_key.as_dict(private=False)
    try:
        issuer = credential["issuer"]
        claims: dict[str, Any] = {
            "iss": issuer if isinstance(issuer, str) else issuer["id"],
            "jti": credential["id"],
            "nbf": _numeric_date(credential.get("validFrom"), "validFrom"),
        }
        subject_id = credential["credentialSubject"].get("id")
    except (KeyError, TypeError, AttributeError) as e:
        raise ProofGenerationError(f"the credential lacks a required property: {e}") from e
    if subject_id is not None:
        claims["sub"] = subject_id
    if "validUntil" in credential:
        claims["exp"] = _numeric_date(credential["validUntil"], "validUntil")
    payload = json.dumps({**credential, **claims}, ensure_ascii=False, separators=(",", ":"))
    return _serialize(header, payload.encode("utf-8"), jose_key)


def _parse(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    if len(token) > MAX_TOKEN_BYTES:
        raise JwtInvalid("JWT_MALFORMED", f"the token is longer than {MAX_TOKEN_BYTES} bytes")
    token = token.strip()
    if not is_compact_jws(token):
        raise JwtInvalid(
            "JWT_MALFORMED", "the token is not a compact JWS (header.payload.signature)"
        )
    head, body, _ = token.split(".")
    try:
        header = json.loads(_b64decode(head))
        claims = json.loads(_b64decode(body))
    except (ValueError, binascii.Error) as e:
        raise JwtInvalid("JWT_MALFORMED", f"the token's header or payload is not JSON: {e}") from e
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise JwtInvalid("JWT_MALFORMED", "the token's header and payload must be JSON objects")
    return header, claims, token


def _check_header(header: dict[str, Any], algorithms: Collection[str]) -> str:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in algorithms or alg not in _ASYMMETRIC:
        raise JwtInvalid("JWT_ALG_NOT_ALLOWED", f"algorithm {alg!r} is not in {sorted(algorithms)}")
    unknown = set(header) - _ALLOWED_HEADERS
    if unknown:
        raise JwtInvalid("JWT_HEADER_INVALID", f"OB 3.0 forbids the header(s) {sorted(unknown)}")
    if "typ" in header and header["typ"] not in _ALLOWED_TYP:
        raise JwtInvalid("JWT_HEADER_INVALID", f"typ must be 'JWT', not {header['typ']!r}")
    if ("kid" in header) == ("jwk" in header):
        raise JwtInvalid("JWT_HEADER_INVALID", "the header needs exactly one of kid and jwk")
    jwk = header.get("jwk")
    if "jwk" in header and not isinstance(jwk, dict):
        raise JwtInvalid("JWT_HEADER_INVALID", "the jwk header must be a JSON object")
    if isinstance(jwk, dict) and _PRIVATE_JWK_MEMBERS & set(jwk):
        raise JwtInvalid("JWT_HEADER_INVALID", "the jwk header contains private key material")
    if "kid" in header and not isinstance(header["kid"], str):
        raise JwtInvalid("JWT_HEADER_INVALID", "kid must be a string")
    return alg


def _credential_from(claims: dict[str, Any]) -> tuple[dict[str, Any], str]:
    if "vc" in claims:
        vc = claims["vc"]
        if not isinstance(vc, dict):
            raise JwtInvalid("JWT_CLAIMS_MISMATCH", "the vc claim must be a JSON object")
        return dict(vc), "1.1"
    return {k: v for k, v in claims.items() if k not in _JWT_CLAIMS}, "2.0"


def _issuer_id(credential: dict[str, Any]) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _check_claims(claims: dict[str, Any], credential: dict[str, Any], version: str) -> None:
    """OB 3.0 §"Verify a Credential" (JWT): iss, jti, sub, nbf and exp must match the VC."""
    subject = credential.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    start = credential.get("validFrom", credential.get("issuanceDate"))
    end = credential.get("validUntil", credential.get("expirationDate"))
    strict = version == "2.0"  # VCDM 1.1 tokens may derive jti/sub/nbf from the vc claim
    expected: list[tuple[str, Any]] = [("iss", _issuer_id(credential))]
    if strict or "jti" in claims:
        expected.append(("jti", credential.get("id")))
    if subject_id is not None and (strict or "sub" in claims):
        expected.append(("sub", subject_id))
    try:
        if start is not None and (strict or "nbf" in claims):
            expected.append(("nbf", _numeric_date(start, "validFrom")))
        if end is not None:
            expected.append(("exp", _numeric_date(end, "validUntil")))
    except CredentialMalformed as e:
        raise JwtInvalid("JWT_CLAIMS_MISMATCH", str(e)) from e
    for claim, value in expected:
        if claim not in claims:
            raise JwtInvalid("JWT_CLAIMS_MISMATCH", f"the {claim!r} claim is missing")
        if claims[claim] != value:
            raise JwtInvalid(
                "JWT_CLAIMS_MISMATCH",
                f"the {claim!r} claim {claims[claim]!r} does not match the credential's {value!r}",
            )


def verify_jwt(
    token: str,
    *,
    resolver: Resolver | None = None,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    check_dates: bool = True,
) -> VerifiedJwt:
    """Verify an OB 3.0 VC-JWT and return its credential; raise :class:`JwtInvalid` otherwise.

    The key comes from the ``jwk`` header or from ``kid``: a DID URL is resolved with
    ``resolver`` (a :class:`~credstack.vc.resolve.KeyResolver`), an https URL is fetched with
    ``fetcher`` (a JWK, a JWK Set or a Multikey document). With ``check_dates`` the token is
    refused before ``nbf`` and after ``exp`` as of ``now`` (default: the current time).
    """
    header, claims, token = _parse(token)
    alg = _check_header(header, algorithms)
    credential, version = _credential_from(claims)
    _check_claims(claims, credential, version)
    issuer = _issuer_id(credential)
    try:
        key, bound = resolve_jwt_key(header, issuer, resolver=resolver, fetcher=fetcher)
    except (KeyResolutionError, FetchError) as e:
        raise JwtInvalid("JWT_KEY_UNRESOLVED", f"the signing key could not be resolved: {e}") from e
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            jws.deserialize_compact(token, key, algorithms=[alg], registry=_REGISTRY)
    except (JoseError, ValueError) as e:
        raise JwtInvalid("JWT_SIGNATURE_INVALID", f"the JWT signature does not verify: {e}") from e
    if check_dates:
        moment = (now or datetime.now().astimezone()).timestamp()
        if isinstance(claims.get("nbf"), int | float) and moment < claims["nbf"]:
            raise JwtInvalid("JWT_NOT_YET_VALID", "the token is not valid yet (nbf)")
        if isinstance(claims.get("exp"), int | float) and moment >= claims["exp"]:
            raise JwtInvalid("JWT_EXPIRED", "the token has expired (exp)")
    return VerifiedJwt(
        credential=credential,
        header=header,
        claims=claims,
        public_jwk=key.as_dict(private=False),
        key_id=header.get("kid"),
        key_bound=bound,
        vcdm_version=version,
    )
