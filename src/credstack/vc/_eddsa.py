"""EdDSA Data Integrity cryptosuites: the hashing half (W3C vc-di-eddsa 1.0 §3).

Every supported suite signs ``SHA-256(canonical proof config) || SHA-256(canonical document)``
(proof hash first, 64 bytes) with pure Ed25519:

* ``eddsa-rdfc-2022`` (§3.2): canonical form = RDFC-1.0 N-Quads; the proof config takes the
  document's ``@context`` (§3.2.5 step 2).
* ``eddsa-jcs-2022`` (§3.3): canonical form = JCS (RFC 8785); the proof config keeps the
  ``@context`` it carries, which is also emitted in the proof (§3.3.5; W3C vector
  ``proofConfigJCS.json``).
* ``eddsa-2022``: the pre-REC name of eddsa-rdfc-2022, same algorithm (1EdTech validator
  ``EmbeddedProofProbe``); verify only.
* ``Ed25519Signature2020`` (W3C CCG, vc-di-eddsa Appendix vector ``signedEdSig.json``): same
  RDFC pipeline with ``type`` instead of ``cryptosuite``; verify only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._fastrdf import fast_rdfc
from ._jcs import jcs
from .jsonld import to_rdfc

__all__ = ["DEFAULT_SUITES", "ISSUABLE_SUITES", "SUITES", "Suite", "hash_data", "suite_of"]


@dataclass(frozen=True, slots=True)
class Suite:
    """One EdDSA proof suite: its name, proof ``type`` and transformation."""

    name: str
    proof_type: str
    cryptosuite: str | None
    transform: str  # "rdfc" or "jcs"


SUITES: dict[str, Suite] = {
    "eddsa-rdfc-2022": Suite("eddsa-rdfc-2022", "DataIntegrityProof", "eddsa-rdfc-2022", "rdfc"),
    "eddsa-jcs-2022": Suite("eddsa-jcs-2022", "DataIntegrityProof", "eddsa-jcs-2022", "jcs"),
    "eddsa-2022": Suite("eddsa-2022", "DataIntegrityProof", "eddsa-2022", "rdfc"),
    "Ed25519Signature2020": Suite("Ed25519Signature2020", "Ed25519Signature2020", None, "rdfc"),
}
#: What ``verify_proofs`` accepts unless told otherwise (OB 3.0 Impl. Guide: verifiers should
#: still accept the deprecated eddsa-2022 and Ed25519Signature2020).
DEFAULT_SUITES: frozenset[str] = frozenset(SUITES)
#: What ``sign`` produces (OB 3.0 certification requires eddsa-rdfc-2022; jcs is for non-OB use).
ISSUABLE_SUITES: frozenset[str] = frozenset(("eddsa-rdfc-2022", "eddsa-jcs-2022"))


def suite_of(proof: dict[str, Any]) -> str | None:
    """The suite name a proof object claims, or ``None`` when it names none we know."""
    proof_type = proof.get("type")
    if proof_type == "DataIntegrityProof":
        cryptosuite = proof.get("cryptosuite")
        return cryptosuite if isinstance(cryptosuite, str) else None
    return proof_type if proof_type == "Ed25519Signature2020" else None


Canonicalize = Callable[[Any], str]


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def proof_config_hash(
    suite: Suite, options: dict[str, Any], context: Any, *, fast: bool = True
) -> bytes:
    """SHA-256 of the canonical proof configuration (EdDSA §3.2.5 / §3.3.5)."""
    config = {key: value for key, value in options.items() if key != "proofValue"}
    if suite.transform == "jcs":
        config.setdefault("@context", context)
        return _sha256(jcs(config))
    config["@context"] = context
    canonicalize: Canonicalize = fast_rdfc if fast else to_rdfc
    return _sha256(canonicalize(config).encode("utf-8"))


def document_hash(suite: Suite, unsecured: dict[str, Any], *, fast: bool = True) -> bytes:
    """SHA-256 of the transformed unsecured document (EdDSA §3.2.3 / §3.3.3)."""
    if suite.transform == "jcs":
        return _sha256(jcs(unsecured))
    canonicalize: Canonicalize = fast_rdfc if fast else to_rdfc
    return _sha256(canonicalize(unsecured).encode("utf-8"))


def hash_data(
    suite: Suite, unsecured: dict[str, Any], options: dict[str, Any], *, fast: bool = True
) -> bytes:
    """The 64 bytes EdDSA signs: proof config hash || document hash (EdDSA §3.2.4)."""
    return proof_config_hash(suite, options, unsecured.get("@context"), fast=fast) + document_hash(
        suite, unsecured, fast=fast
    )
