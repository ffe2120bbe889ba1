"""Resolve a proof's ``verificationMethod`` to a public key its controller vouches for.

Supported forms (OB 3.0 "Dereferencing the Public Key"; VCDI §4.5 "Retrieve Verification
Method"): ``did:key:z6Mk...#z6Mk...`` (offline), ``did:web:...#...`` and
``https://issuer.example/profile#z6Mk...`` (both through the caller's :class:`Fetcher`).

What is trusted: only a key that the controller document itself lists under
``verificationMethod`` and references from a relationship. The 1EdTech validator's shortcut
of reading the key out of an ``https://issuer#z6Mk...`` fragment is *not* taken: anyone can
write ``<issuer URL>#<their own key>``. Resolution results are cached for ``max_age`` seconds.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .did import KEY_RELATIONSHIPS, did_key_document, did_web_url
from .errors import FetchError, KeyError_, KeyResolutionError
from .fetch import Fetcher
from .keys import PublicKey

__all__ = ["KeyResolver", "ResolvedKey"]

_MAX_DOCUMENT = 256 * 1024
_ACCEPT = "application/did+ld+json, application/ld+json, application/json"


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    """A key and what its controller document says about it."""

    id: str
    controller: str
    public_key: PublicKey
    purposes: frozenset[str]


def _split(url: str) -> tuple[str, str]:
    base, _, fragment = url.partition("#")
    return base, fragment


def _public_key(method: dict[str, Any], method_id: str) -> PublicKey:
    try:
        if method.get("type") in ("Multikey", "Ed25519VerificationKey2020"):
            return PublicKey.from_multibase(method.get("publicKeyMultibase"))  # type: ignore[arg-type]
        if method.get("type") in ("JsonWebKey", "JsonWebKey2020"):
            return PublicKey.from_jwk(method.get("publicKeyJwk"))  # type: ignore[arg-type]
    except KeyError_ as e:
        raise KeyResolutionError(f"verification method {method_id!r} has a bad key: {e}") from e
    raise KeyResolutionError(
        f"verification method {method_id!r} has unsupported type {method.get('type')!r}"
    )


def _absolute(reference: str, document_id: str) -> str:
    return document_id + reference if reference.startswith("#") else reference


def _from_controller_document(document: dict[str, Any], method_id: str) -> ResolvedKey:
    """Find ``method_id`` in a controller document (CID 1.0 §2.1, §3.3 "Retrieve VM")."""
    document_id = document.get("id")
    if not isinstance(document_id, str) or document_id != _split(method_id)[0]:
        raise KeyResolutionError(
            f"controller document id {document_id!r} does not match {method_id!r}"
        )
    methods = document.get("verificationMethod", [])
    methods = methods if isinstance(methods, list) else [methods]
    found = None
    for method in methods:
        if isinstance(method, dict) and _absolute(str(method.get("id")), document_id) == method_id:
            found = method
            break
    purposes = set()
    for relationship in (*KEY_RELATIONSHIPS, "keyAgreement"):
        entries = document.get(relationship, [])
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, str) and _absolute(entry, document_id) == method_id:
                purposes.add(relationship)
            elif (
                isinstance(entry, dict)
                and _absolute(str(entry.get("id")), document_id) == method_id
            ):
                purposes.add(relationship)
                found = found or entry
    if found is None:
        raise KeyResolutionError(f"{method_id!r} is not listed in its controller document")
    controller = found.get("controller")
    if controller != document_id:
        raise KeyResolutionError(
            f"{method_id!r} names controller {controller!r}, not the document {document_id!r}"
        )
    return ResolvedKey(method_id, document_id, _public_key(found, method_id), frozenset(purposes))


class KeyResolver:
    """Resolves verification methods; network access only through ``fetcher``."""

    def __init__(
        self,
        fetcher: Fetcher | None = None,
        allowed_methods: tuple[str, ...] = ("key", "web", "https"),
        *,
        max_age: float = 300.0,
        cache_size: int = 1024,
        clock: Callable[[], float] = time.monotonic,
        http_origins: Iterable[str] = (),
    ) -> None:
        self._fetcher = fetcher
        # Plain-http key URLs are refused (anyone on the path could swap the key), except for
        # origins the caller names: a platform in development verifying its own credentials
        # at http://127.0.0.1:8000, where the fetcher answers from its own database.
        self._http_origins = frozenset(o.rstrip("/") + "/" for o in http_origins)
        self._allowed = frozenset(allowed_methods)
        self._max_age = max_age
        self._cache_size = cache_size
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, ResolvedKey]] = OrderedDict()

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Resolve ``verification_method``; :class:`KeyResolutionError` when it can't be."""
        if not isinstance(verification_method, str) or not verification_method:
            raise KeyResolutionError(f"verification method {verification_method!r} is not a URL")
        now = self._clock()
        cached = self._cache.get(verification_method)
        if cached is not None and now - cached[0] < self._max_age:
            self._cache.move_to_end(verification_method)
            return cached[1]
        resolved = self._resolve(verification_method)
        self._cache[verification_method] = (now, resolved)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return resolved

    def _method(self, verification_method: str) -> str:
        if verification_method.startswith("did:key:"):
            method = "key"
        elif verification_method.startswith("did:web:"):
            method = "web"
        elif verification_method.startswith("https://"):
            method = "https"
        elif verification_method.startswith("http://") and any(
            verification_method.startswith(origin) for origin in self._http_origins
        ):
            method = "https"
        else:
            raise KeyResolutionError(f"{verification_method!r} uses an unsupported method")
        if method not in self._allowed:
            raise KeyResolutionError(f"{method!r} verification methods are not allowed here")
        return method

    def _resolve(self, verification_method: str) -> ResolvedKey:
        method = self._method(verification_method)
        base, fragment = _split(verification_method)
        if method == "key":
            multibase = base.removeprefix("did:key:")
            if fragment not in ("", multibase):
                raise KeyResolutionError(f"did:key fragment {fragment!r} is not the key itself")
            try:
                document = did_key_document(multibase)
            except KeyError_ as e:
                raise KeyResolutionError(f"{base!r} is not an Ed25519 did:key: {e}") from e
            return _from_controller_document(document, f"{base}#{multibase}")
        if not fragment:
            raise KeyResolutionError(f"{verification_method!r} does not name a key (no fragment)")
        url = did_web_url(base) if method == "web" else base
        document = self._fetch_json(url)
        return _from_controller_document(document, verification_method)

    def _fetch_json(self, url: str) -> dict[str, Any]:
        if self._fetcher is None:
            raise KeyResolutionError(
                f"resolving {url!r} needs the network and no fetcher was given"
            )
        try:
            result = self._fetcher(url, accept=_ACCEPT)
        except FetchError as e:
            raise KeyResolutionError(f"could not fetch {url!r}: {e}") from e
        if len(result.content) > _MAX_DOCUMENT:
            raise KeyResolutionError(f"document at {url!r} is larger than {_MAX_DOCUMENT} bytes")
        try:
            document = json.loads(result.content)
        except (ValueError, UnicodeDecodeError) as e:
            raise KeyResolutionError(f"document at {url!r} is not JSON") from e
        if not isinstance(document, dict):
            raise KeyResolutionError(f"document at {url!r} is not a JSON object")
        return document
