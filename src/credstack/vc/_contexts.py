"""Bundled JSON-LD contexts and the offline document loader.

VC Data Integrity 1.0 §4.3 ("Contexts and Vocabularies") says implementations SHOULD cache
contexts locally and pin them; "Validating Contexts" says verifiers should only accept
contexts they know. credstack goes further: JSON-LD processing never touches the network.
Every context URL the engine accepts maps to a file in ``contexts/`` (origins in its README);
any other URL raises :class:`~credstack.vc.errors.ContextNotAllowed`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .errors import ContextNotAllowed

__all__ = ["BUNDLED_CONTEXTS", "context_document", "document_loader", "known_terms"]

#: Context URL -> file name under ``credstack/vc/contexts/``.
BUNDLED_CONTEXTS: dict[str, str] = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://w3id.org/security/jwk/v1": "jwk-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "credentials-status-v1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-context-2.0.1.json",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    # Legacy documents: verifying VCDM 1.1 / draft-era OB 3.0 credentials (never for issuance).
    "https://www.w3.org/2018/credentials/v1": "legacy-credentials-v1.jsonld",
    "https://w3id.org/security/data-integrity/v1": "legacy-data-integrity-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "legacy-ed25519-2020-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "legacy-ob-v3p0-context-3.0.0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": (
        "legacy-ob-v3p0-context-3.0.1.json"
    ),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": (
        "legacy-ob-v3p0-context-3.0.2.json"
    ),
}


@cache
def _load(file_name: str) -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("contexts", file_name).read_bytes()
    document: dict[str, Any] = json.loads(raw)
    return document


def context_document(url: str) -> dict[str, Any]:
    """Return the parsed bundled context for ``url``; :class:`ContextNotAllowed` otherwise.

    The returned object is shared: callers must not mutate it.
    """
    if not isinstance(url, str):
        raise ContextNotAllowed(f"context reference {url!r} is not a URL string")
    file_name = BUNDLED_CONTEXTS.get(url)
    if file_name is None:
        raise ContextNotAllowed(f"context {url!r} is not bundled with credstack and is not fetched")
    return _load(file_name)


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that serves bundled contexts only (JSON-LD 1.1 API §9.4).

    Returns the ``RemoteDocument`` shape pyld expects. Anything that is not bundled raises
    :class:`ContextNotAllowed`: there is deliberately no network fallback.
    """
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": context_document(url),
    }


def _collect_terms(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                out.add(key)
            if isinstance(value, dict | list):
                _collect_terms(value, out)
    elif isinstance(node, list):
        for item in node:
            _collect_terms(item, out)


@cache
def known_terms() -> frozenset[str]:
    """Every term (and so every possible compact-IRI prefix) any bundled context defines.

    The fast canonicalization path treats an IRI value as opaque only if neither the value
    nor its scheme is one of these, because only then does JSON-LD IRI expansion leave it
    unchanged in every active context.
    """
    terms: set[str] = set()
    for file_name in BUNDLED_CONTEXTS.values():
        _collect_terms(_load(file_name).get("@context"), terms)
    return frozenset(terms)
