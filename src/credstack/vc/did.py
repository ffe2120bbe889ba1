"""DID and controller documents for Ed25519 Multikeys.

* did:key (W3C CCG did:key §3.1 "Create"): one Multikey verification method
  ``did:key:z6Mk...#z6Mk...`` controlled by the DID and listed under every relationship.
* did:web (W3C CCG did:web §3.2 "Read"): DID -> HTTPS URL of its ``did.json``.
* Controller documents (CID 1.0 §2): what an issuer publishes at its profile URL so that
  ``verificationMethod = <issuer id>#<publicKeyMultibase>`` resolves for strict verifiers
  (key listed under ``verificationMethod`` *and* ``assertionMethod``, OB 3.0 "Dereferencing
  the Public Key").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from .errors import KeyResolutionError
from .keys import Ed25519Key, PublicKey

__all__ = [
    "CONTROLLER_CONTEXT",
    "KEY_RELATIONSHIPS",
    "controller_document",
    "did_key_document",
    "did_web_document",
    "did_web_url",
    "multikey",
]

CONTROLLER_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
KEY_RELATIONSHIPS = (
    "authentication",
    "assertionMethod",
    "capabilityDelegation",
    "capabilityInvocation",
)
_DID_WEB = re.compile(r"^did:web:([A-Za-z0-9.\-]+(?:%3[Aa][0-9]{1,5})?)((?::[A-Za-z0-9._~%\-]+)*)$")

KeyLike = PublicKey | Ed25519Key | str


def _public(key: KeyLike) -> PublicKey:
    if isinstance(key, Ed25519Key):
        return key.public
    if isinstance(key, PublicKey):
        return key
    return PublicKey.from_multibase(key)


def multikey(controller: str, key: KeyLike) -> dict[str, str]:
    """A Multikey verification method ``<controller>#<publicKeyMultibase>`` (CID 1.0 §2.2.2)."""
    public = _public(key)
    return {
        "id": f"{controller}#{public.multibase}",
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public.multibase,
    }


def _document(
    subject: str, keys: Iterable[KeyLike], relationships: Iterable[str]
) -> dict[str, Any]:
    methods = [multikey(subject, key) for key in keys]
    if not methods:
        raise KeyResolutionError("a controller document needs at least one key")
    document: dict[str, Any] = {
        "@context": list(CONTROLLER_CONTEXT),
        "id": subject,
        "verificationMethod": methods,
    }
    for relationship in relationships:
        document[relationship] = [method["id"] for method in methods]
    return document


def did_key_document(key: KeyLike) -> dict[str, Any]:
    """The DID document of ``did:key:<publicKeyMultibase>`` (did:key §3.1.2)."""
    public = _public(key)
    return _document(public.did_key, [public], KEY_RELATIONSHIPS)


def did_web_url(did: str) -> str:
    """The HTTPS URL of a did:web DID document (did:web §3.2 "Read (Resolve)").

    ``did:web:example.com`` -> ``https://example.com/.well-known/did.json``;
    ``did:web:example.com:user:alice`` -> ``https://example.com/user/alice/did.json``;
    a percent-encoded port (``example.com%3A3000``) is decoded.
    """
    match = _DID_WEB.match(did) if isinstance(did, str) else None
    if match is None:
        raise KeyResolutionError(f"{did!r} is not a valid did:web DID")
    host = unquote(match.group(1))
    path = match.group(2)
    if not path:
        return f"https://{host}/.well-known/did.json"
    segments = [unquote(segment) for segment in path[1:].split(":")]
    if any(segment in ("", ".", "..") or "/" in segment for segment in segments):
        raise KeyResolutionError(f"{did!r} has an unsafe path segment")
    return f"https://{host}/{'/'.join(segments)}/did.json"


def did_web_document(
    did: str, keys: Iterable[KeyLike], relationships: Iterable[str] = KEY_RELATIONSHIPS
) -> dict[str, Any]:
    """A did:web DID document listing ``keys`` as Multikeys under ``relationships``."""
    did_web_url(did)
    return _document(did, keys, relationships)


def controller_document(
    issuer_id: str, keys: Iterable[KeyLike], relationships: Iterable[str] = ("assertionMethod",)
) -> dict[str, Any]:
    """The controller document an issuer serves at ``issuer_id`` (its profile URL).

    Production issuers use https; plain http is accepted here so a platform in development can
    publish its documents, and refused by :class:`~credstack.vc.resolve.KeyResolver` unless
    the verifier names the origin.
    """
    if (
        not isinstance(issuer_id, str)
        or not issuer_id.startswith(("https://", "http://"))
        or "#" in issuer_id
    ):
        raise KeyResolutionError(f"issuer id {issuer_id!r} must be an http(s) URL without fragment")
    return _document(issuer_id, keys, relationships)
