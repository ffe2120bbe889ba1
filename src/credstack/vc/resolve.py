"""Resolve a proof's ``verificationMethod`` to a public key its controller vouches for.

Supported forms (OB 3.0 "Dereferencing the Public Key"; VCDI §4.5 "Retrieve Verification
Method"): ``did:key:z6Mk...#z6Mk...`` (offline), ``did:web:...#...`` and
``https://issuer.example/profile#z6Mk...`` (both through the caller's :class:`Fetcher`), and
an https URL without a fragment that serves the verification method itself (CID 1.0 §2.2
"Verification Methods": a document with ``id``, ``type``, ``controller`` and the key).

What is trusted: only a key that the controller document itself lists under
``verificationMethod`` and references from a relationship. The 1EdTech validator's shortcut
of reading the key out of an ``https://issuer#z6Mk...`` fragment is *not* taken: anyone can
write ``<issuer URL>#<their own key>``. A key published at its own URL is trusted the same
way: the document there names its controller, and that controller's document (fetched
separately, https/did:web/did:key as the resolver allows) must list the key's URL; a key
document that merely claims a controller proves nothing, since anyone can publish one.
Resolution results are cached for ``max_age`` seconds.
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
#: Verification method types a key published at its own URL may have (CID 1.0 §2.2.1, §2.2.2).
_METHOD_TYPES = frozenset(
    {"Multikey", "JsonWebKey", "Ed25519VerificationKey2020", "JsonWebKey2020"}
)


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


def _mentions(
    document: dict[str, Any], document_id: str, method_id: str
) -> tuple[dict[str, Any] | None, bool, frozenset[str]]:
    """How a controller document mentions ``method_id`` (CID 1.0 §2.1, §2.3).

    Returns the embedded method (or ``None``), whether ``verificationMethod`` lists it (as an
    object or by id), and the relationships that reference it.
    """
    methods = document.get("verificationMethod", [])
    methods = methods if isinstance(methods, list) else [methods]
    found = None
    listed = False
    for method in methods:
        if isinstance(method, str) and _absolute(method, document_id) == method_id:
            listed = True
        elif (
            isinstance(method, dict) and _absolute(str(method.get("id")), document_id) == method_id
        ):
            found = found or method
            listed = True
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
    return found, listed, frozenset(purposes)


def _from_controller_document(document: dict[str, Any], method_id: str) -> ResolvedKey:
    """Find ``method_id`` in a controller document (CID 1.0 §2.1, §3.3 "Retrieve VM")."""
    document_id = document.get("id")
    if not isinstance(document_id, str) or document_id != _split(method_id)[0]:
        raise KeyResolutionError(
            f"controller document id {document_id!r} does not match {method_id!r}"
        )
    found, _, purposes = _mentions(document, document_id, method_id)
    if found is None:
        raise KeyResolutionError(f"{method_id!r} is not listed in its controller document")
    controller = found.get("controller")
    if controller != document_id:
        raise KeyResolutionError(
            f"{method_id!r} names controller {controller!r}, not the document {document_id!r}"
        )
    return ResolvedKey(method_id, document_id, _public_key(found, method_id), purposes)


def _from_method_document(method: dict[str, Any], url: str) -> tuple[str, PublicKey]:
    """Read a verification method served at its own URL (CID 1.0 §2.2): its controller and key.

    The document's ``id`` must be the URL it came from, else a document copied from elsewhere
    (or a redirect) could stand in for this key.
    """
    if method.get("id") != url:
        raise KeyResolutionError(
            f"the key document at {url!r} has id {method.get('id')!r}, not its own URL"
        )
    if method.get("type") not in _METHOD_TYPES:
        raise KeyResolutionError(
            f"the document at {url!r} is not a verification method: type "
            f"{method.get('type')!r} is not one of {sorted(_METHOD_TYPES)}"
        )
    controller = method.get("controller")
    if not isinstance(controller, str) or not controller:
        raise KeyResolutionError(f"the key document at {url!r} names no controller")
    if "#" in controller:
        raise KeyResolutionError(
            f"the controller {controller!r} of {url!r} is not a document (it has a fragment)"
        )
    return controller, _public_key(method, url)


def _vouch(
    document: dict[str, Any], controller: str, url: str, public_key: PublicKey
) -> ResolvedKey:
    """Check that ``controller``'s document vouches for the key at ``url`` (CID 1.0 §3.3)."""
    if document.get("id") != controller:
        raise KeyResolutionError(
            f"controller document id {document.get('id')!r} does not match {controller!r}"
        )
    found, listed, purposes = _mentions(document, controller, url)
    if not listed and not purposes:
        raise KeyResolutionError(f"the controller {controller!r} does not list {url!r}")
    if found is not None and found.get("controller", controller) != controller:
        raise KeyResolutionError(
            f"{controller!r} lists {url!r} with controller {found.get('controller')!r}"
        )
    # An embedded copy with key material must agree with the key document: two different keys
    # under one id would let either be swapped for the other.
    if found is not None and ("publicKeyMultibase" in found or "publicKeyJwk" in found):
        if _public_key(found, url) != public_key:
            raise KeyResolutionError(
                f"the controller {controller!r} lists a different key for {url!r}"
            )
    return ResolvedKey(url, controller, public_key, purposes)


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
            return self._did_key(verification_method)
        if method == "https" and "#" not in verification_method:
            return self._key_document(base)
        if not fragment:
            raise KeyResolutionError(f"{verification_method!r} does not name a key (no fragment)")
        url = did_web_url(base) if method == "web" else base
        document = self._fetch_json(url)
        return _from_controller_document(document, verification_method)

    def _did_key(self, verification_method: str) -> ResolvedKey:
        base, fragment = _split(verification_method)
        multibase = base.removeprefix("did:key:")
        if fragment not in ("", multibase):
            raise KeyResolutionError(f"did:key fragment {fragment!r} is not the key itself")
        return _from_controller_document(self._did_key_document(base), f"{base}#{multibase}")

    @staticmethod
    def _did_key_document(did: str) -> dict[str, Any]:
        try:
            return did_key_document(did.removeprefix("did:key:"))
        except KeyError_ as e:
            raise KeyResolutionError(f"{did!r} is not an Ed25519 did:key: {e}") from e

    def _key_document(self, url: str) -> ResolvedKey:
        """A key published at its own https URL, vouched for by its controller's document."""
        controller, public_key = _from_method_document(self._fetch_json(url), url)
        try:
            kind = self._method(controller)
        except KeyResolutionError as e:
            raise KeyResolutionError(f"the controller of {url!r} cannot be resolved: {e}") from e
        if kind == "key":
            document = self._did_key_document(controller)
        else:
            document = self._fetch_json(did_web_url(controller) if kind == "web" else controller)
        return _vouch(document, controller, url, public_key)

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
