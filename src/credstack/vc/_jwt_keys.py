"""Find the public key of a VC-JWT (OB 3.0 §"Dereferencing the Public Key").

The ``jwk`` header carries the key itself; ``kid`` is a URI that dereferences to it: a DID URL
(resolved through engineer A's ``KeyResolver``; did:key also offline) or an https URL that
returns a JWK, a JWK Set or a Multikey/controller document.

Naming a key proves nothing about who owns it. A key is *bound* to the issuer when the issuer
controls it: a DID URL whose controller is the issuer and lists it under ``assertionMethod``,
a did:key issuer whose key is the one embedded, or an https key URL on the issuer's own origin.
"""

from __future__ import annotations

import json
from typing import Any, Protocol
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey, RSAKey, import_key

from .errors import KeyResolutionError, VcError
from .fetch import Fetcher
from .keys import PublicKey
from .resolve import KeyResolver

__all__ = ["JoseKey", "Resolver", "did_key_jwk", "resolve_jwt_key"]

JoseKey = OKPKey | RSAKey | ECKey


class Resolver(Protocol):
    """What ``credstack.vc.resolve.KeyResolver`` provides."""

    def resolve(self, verification_method: str) -> Any: ...


def multikey_jwk(public_key_multibase: str) -> dict[str, Any]:
    """The OKP JWK (RFC 8037) of an Ed25519 Multikey ``z6Mk…`` value; anything else is refused."""
    try:
        return PublicKey.from_multibase(public_key_multibase).jwk()
    except VcError as e:
        raise KeyResolutionError(f"not an Ed25519 Multikey: {public_key_multibase!r}") from e


def did_key_jwk(did: str) -> dict[str, Any]:
    """The public JWK of a ``did:key:z6Mk…`` DID or DID URL (did:key spec §"Read")."""
    if not did.startswith("did:key:"):
        raise KeyResolutionError(f"not a did:key: {did!r}")
    return multikey_jwk(did[len("did:key:") :].split("#")[0])


def _import(jwk: dict[str, Any]) -> JoseKey:
    try:
        key = import_key(jwk)
    except (JoseError, ValueError, TypeError, KeyError) as e:
        raise KeyResolutionError(f"not a usable public JWK: {e}") from e
    if not isinstance(key, OKPKey | RSAKey | ECKey):
        raise KeyResolutionError("symmetric keys cannot verify a VC-JWT")
    return key


def _origin(url: Any) -> tuple[str, str] | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc) if parts.scheme == "https" and parts.netloc else None


def _from_document(document: Any, kid: str) -> dict[str, Any]:
    """Pick the key ``kid`` names out of a fetched JWK, JWK Set or Multikey document."""
    if not isinstance(document, dict):
        raise KeyResolutionError(f"{kid} did not return a JSON object")
    if "kty" in document:
        return document
    if isinstance(document.get("keys"), list):
        keys = [k for k in document["keys"] if isinstance(k, dict)]
        fragment = kid.partition("#")[2]
        for key in keys:
            if key.get("kid") in (kid, fragment):
                return key
        if len(keys) == 1:
            return keys[0]
        raise KeyResolutionError(f"the JWK Set at {kid} has no key with that kid")
    methods = [
        document,
        *(m for m in document.get("verificationMethod", []) if isinstance(m, dict)),
    ]
    for method in methods:
        if method.get("id") in (kid, None) and isinstance(method.get("publicKeyJwk"), dict):
            return method["publicKeyJwk"]
        if method.get("id") in (kid, None) and isinstance(method.get("publicKeyMultibase"), str):
            return multikey_jwk(method["publicKeyMultibase"])
    raise KeyResolutionError(f"the document at {kid} holds no key")


def resolve_jwt_key(
    header: dict[str, Any],
    issuer_id: Any,
    *,
    resolver: Resolver | None,
    fetcher: Fetcher | None,
) -> tuple[JoseKey, bool]:
    """Return the key a VC-JWT header points at, and whether the issuer controls it."""
    if "jwk" in header:
        key = _import(header["jwk"])
        bound = False
        if isinstance(issuer_id, str) and issuer_id.startswith("did:key:"):
            bound = did_key_jwk(issuer_id) == {
                k: v for k, v in key.as_dict(private=False).items() if k in ("kty", "crv", "x")
            }
        return key, bound
    kid: str = header["kid"]
    if kid.startswith("did:"):
        resolved = (resolver or KeyResolver(fetcher)).resolve(kid)
        bound = resolved.controller == issuer_id and "assertionMethod" in resolved.purposes
        return _import(resolved.public_key.jwk()), bound
    if _origin(kid) is None:
        raise KeyResolutionError(f"kid must be a DID URL or an https URL, not {kid!r}")
    if fetcher is None:
        raise KeyResolutionError(f"no fetcher was given to dereference {kid}")
    result = fetcher(kid, accept="application/jwk+json, application/json")
    try:
        document = json.loads(result.content)
    except ValueError as e:
        raise KeyResolutionError(f"{kid} did not return JSON") from e
    key = _import(_from_document(document, kid))
    return key, _origin(kid) == _origin(issuer_id)
