"""Add and verify Data Integrity proofs (W3C VC Data Integrity 1.0 §4; vc-di-eddsa 1.0 §3).

``sign`` returns a new document whose ``proof`` is an array (OB 3.0's schema accepts only
arrays) with the new proof appended, so several proofs may sit on one credential (VCDI §2.1.2
proof sets; ``previous_proof`` makes a proof chain). ``verify_proofs`` never raises on bad
input: each proof gets a :class:`ProofResult` with a stable ``code``.

Verification is strict about who signed: the key must resolve through the caller's
:class:`KeyResolver`, its controller must equal the credential's issuer, and the controller
document must list the key under the expected purpose (assertionMethod) -- VCDI §4.3 step 8
"verify ... the verification method is associated with the controller for the purpose".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ._eddsa import (
    DEFAULT_SUITES,
    ISSUABLE_SUITES,
    SUITES,
    Suite,
    document_hash,
    hash_data,
    proof_config_hash,
    suite_of,
)
from ._multibase import decode_base58btc, encode_base58btc
from .errors import KeyError_, ProofGenerationError, VcError
from .keys import Ed25519Key
from .resolve import KeyResolver

__all__ = [
    "DEFAULT_SUITES",
    "BatchSigner",
    "ProofResult",
    "sign",
    "verify_proofs",
]

# Stable codes of ProofResult (in addition to the VcError codes that can surface).
OK = "OK"
PROOF_MISSING = "PROOF_MISSING"
PROOF_MALFORMED = "PROOF_MALFORMED"
SUITE_NOT_ALLOWED = "SUITE_NOT_ALLOWED"
PURPOSE_MISMATCH = "PROOF_PURPOSE_MISMATCH"
KEY_NOT_AUTHORIZED = "KEY_NOT_AUTHORIZED"
PROOF_INVALID = "PROOF_INVALID"
CREDENTIAL_MALFORMED = "CREDENTIAL_MALFORMED"

# XML Schema 1.1 dateTimeStamp-ish (VCDI §2.1: created "MUST be an [XMLSCHEMA11-2] dateTimeStamp").
_DATETIME = re.compile(
    r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))\Z"
)


@dataclass(frozen=True, slots=True)
class ProofResult:
    """Outcome of checking one proof."""

    ok: bool
    code: str
    message: str
    suite: str
    verification_method: str | None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _proof_list(document: dict[str, Any]) -> list[Any]:
    proofs = document.get("proof")
    if proofs is None:
        return []
    return list(proofs) if isinstance(proofs, list) else [proofs]


def _unsecured(document: dict[str, Any], previous: list[dict[str, Any]] | None) -> dict[str, Any]:
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    if previous:
        unsecured["proof"] = previous
    return unsecured


def _previous_proofs(proofs: list[Any], previous_proof: Any) -> list[dict[str, Any]]:
    wanted = [previous_proof] if isinstance(previous_proof, str) else previous_proof
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        raise ProofGenerationError(f"previousProof {previous_proof!r} is not an id or list of ids")
    found = [p for p in proofs if isinstance(p, dict) and p.get("id") in wanted]
    if len(found) != len(wanted):
        raise ProofGenerationError(f"previousProof {previous_proof!r} names a proof that is absent")
    return found


def _options(
    suite: Suite, verification_method: str, created: str | None, purpose: str, extra: dict[str, Any]
) -> dict[str, Any]:
    if not isinstance(verification_method, str) or ":" not in verification_method:
        raise ProofGenerationError(f"verificationMethod {verification_method!r} is not a URL")
    created = _now() if created is None else created
    if not isinstance(created, str) or _DATETIME.match(created) is None:
        raise ProofGenerationError(f"created {created!r} is not an XML Schema dateTimeStamp")
    options: dict[str, Any] = {"type": suite.proof_type}
    if extra.get("id") is not None:
        options["id"] = extra["id"]
    options["cryptosuite"] = suite.cryptosuite
    options["created"] = created
    options["verificationMethod"] = verification_method
    options["proofPurpose"] = purpose
    if extra.get("previousProof") is not None:
        options["previousProof"] = extra["previousProof"]
    return options


def _suite_for_signing(cryptosuite: str) -> Suite:
    if cryptosuite not in ISSUABLE_SUITES:
        raise ProofGenerationError(
            f"cryptosuite {cryptosuite!r} can not be issued; use one of {sorted(ISSUABLE_SUITES)}"
        )
    return SUITES[cryptosuite]


def _check_document(document: Any) -> None:
    if not isinstance(document, dict) or "@context" not in document:
        raise ProofGenerationError("only a JSON-LD object with an @context can be signed")


def _attach(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    signed = dict(document)
    signed["proof"] = [*_proof_list(document), proof]
    return signed


def sign(
    document: dict[str, Any],
    key: Ed25519Key,
    *,
    verification_method: str,
    cryptosuite: str = "eddsa-rdfc-2022",
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    fast: bool = True,
) -> dict[str, Any]:
    """Return a copy of ``document`` with a new Data Integrity proof appended (VCDI §4.2).

    ``created`` defaults to now (UTC, whole seconds). ``fast=False`` forces the reference
    canonicalization path (same bytes, slower). Raises :class:`ProofGenerationError`,
    :class:`DataLoss` or :class:`ContextNotAllowed`.
    """
    _check_document(document)
    suite = _suite_for_signing(cryptosuite)
    proofs = _proof_list(document)
    previous = _previous_proofs(proofs, previous_proof) if previous_proof is not None else None
    options = _options(
        suite,
        verification_method,
        created,
        proof_purpose,
        {"id": proof_id, "previousProof": previous_proof},
    )
    if suite.transform == "jcs":
        options["@context"] = document["@context"]
    data = hash_data(suite, _unsecured(document, previous), options, fast=fast)
    return _attach(document, {**options, "proofValue": encode_base58btc(key.sign(data))})


class BatchSigner:
    """Sign many documents with one key and one set of proof options (bulk issuance).

    The proof configuration -- and so its canonical hash -- is the same for every document of
    a batch that shares an ``@context``, so it is computed once per context (EdDSA §3.2.4 only
    concatenates the two hashes). ``created`` is fixed when the signer is made.
    """

    def __init__(
        self,
        key: Ed25519Key,
        verification_method: str,
        *,
        cryptosuite: str = "eddsa-rdfc-2022",
        created: str | None = None,
        proof_purpose: str = "assertionMethod",
    ) -> None:
        self._key = key
        self._suite = _suite_for_signing(cryptosuite)
        self._options = _options(self._suite, verification_method, created, proof_purpose, {})
        self._config_hashes: dict[str, bytes] = {}

    def _config_hash(self, context: Any) -> bytes:
        cache_key = repr(context)
        cached = self._config_hashes.get(cache_key)
        if cached is None:
            options = dict(self._options)
            if self._suite.transform == "jcs":
                options["@context"] = context
            cached = proof_config_hash(self._suite, options, context)
            self._config_hashes[cache_key] = cached
        return cached

    def sign(self, document: dict[str, Any]) -> dict[str, Any]:
        """``document`` with this batch's proof appended (same result as :func:`sign`)."""
        _check_document(document)
        context = document["@context"]
        data = self._config_hash(context) + document_hash(self._suite, _unsecured(document, None))
        proof = dict(self._options)
        if self._suite.transform == "jcs":
            proof["@context"] = context
        proof["proofValue"] = encode_base58btc(self._key.sign(data))
        return _attach(document, proof)

    def sign_many(self, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Sign every document of ``documents`` in order."""
        return [self.sign(document) for document in documents]


def _issuer_id(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


class _Failure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _check_context_prefix(document: dict[str, Any], proof: dict[str, Any]) -> None:
    """VCDI §4.3 / EdDSA §3.2.2 step 5: a proof's own @context must prefix the document's."""
    if "@context" not in proof:
        return

    def as_list(value: Any) -> list[Any]:
        return value if isinstance(value, list) else [value]

    mine, theirs = as_list(proof["@context"]), as_list(document.get("@context"))
    if theirs[: len(mine)] != mine:
        raise _Failure(PROOF_MALFORMED, "the proof's @context is not a prefix of the document's")


def _verify_one(
    document: dict[str, Any],
    proofs: list[Any],
    proof: Any,
    *,
    resolver: KeyResolver,
    issuer_id: str | None,
    expected_purpose: str,
    allowed_suites: frozenset[str] | set[str],
    domain: str | None,
    challenge: str | None,
    check_controller: bool,
) -> tuple[str, str | None]:
    if not isinstance(proof, dict):
        raise _Failure(PROOF_MALFORMED, "a proof must be a JSON object")
    suite_name = suite_of(proof) or str(proof.get("cryptosuite") or proof.get("type"))
    method = proof.get("verificationMethod")
    method = method if isinstance(method, str) else None
    if suite_name not in allowed_suites or suite_name not in SUITES:
        raise _Failure(SUITE_NOT_ALLOWED, f"proof suite {suite_name!r} is not accepted here")
    suite = SUITES[suite_name]
    if method is None:
        raise _Failure(PROOF_MALFORMED, "the proof has no verificationMethod")
    if proof.get("proofPurpose") != expected_purpose:
        raise _Failure(
            PURPOSE_MISMATCH,
            f"proofPurpose {proof.get('proofPurpose')!r} is not {expected_purpose!r}",
        )
    if domain is not None and proof.get("domain") != domain:
        raise _Failure(PROOF_MALFORMED, f"proof domain {proof.get('domain')!r} is not {domain!r}")
    if challenge is not None and proof.get("challenge") != challenge:
        raise _Failure(PROOF_MALFORMED, "proof challenge does not match")
    try:
        signature = decode_base58btc(proof.get("proofValue"))  # type: ignore[arg-type]
    except KeyError_ as e:
        raise _Failure(PROOF_MALFORMED, f"proofValue is not multibase base58btc: {e}") from e
    if len(signature) != 64:
        raise _Failure(PROOF_MALFORMED, f"proofValue holds {len(signature)} bytes, not 64")
    _check_context_prefix(document, proof)
    resolved = resolver.resolve(method)
    if check_controller and (issuer_id is None or resolved.controller != issuer_id):
        raise _Failure(
            KEY_NOT_AUTHORIZED,
            f"key {method!r} is controlled by {resolved.controller!r}, not the issuer {issuer_id!r}",
        )
    if expected_purpose not in resolved.purposes:
        raise _Failure(
            KEY_NOT_AUTHORIZED,
            f"the controller does not list {method!r} under {expected_purpose!r}",
        )
    previous = None
    if "previousProof" in proof:
        try:
            previous = _previous_proofs(proofs, proof["previousProof"])
        except ProofGenerationError as e:
            raise _Failure(PROOF_MALFORMED, str(e)) from e
    unsecured = _unsecured(document, previous)
    if "@context" in proof and suite.transform == "jcs":
        unsecured["@context"] = proof["@context"]
    data = hash_data(suite, unsecured, proof)
    if not resolved.public_key.verify(signature, data):
        raise _Failure(PROOF_INVALID, "the signature does not match the document and proof")
    return suite_name, method


def verify_proofs(
    document: Any,
    *,
    resolver: KeyResolver,
    issuer_id: str | None = None,
    expected_purpose: str = "assertionMethod",
    allowed_suites: frozenset[str] | set[str] = DEFAULT_SUITES,
    domain: str | None = None,
    challenge: str | None = None,
    check_controller: bool = True,
) -> list[ProofResult]:
    """Check every embedded proof of ``document`` (VCDI §4.3 Verify Proof); never raises.

    ``issuer_id`` defaults to the document's ``issuer`` (string or ``issuer.id``). Returns one
    :class:`ProofResult` per proof, or a single failed result when there are none.
    ``check_controller=False`` drops the controller == issuer rule (the key must still be
    listed for ``expected_purpose``); only for documents that are not credentials, such as
    the W3C test vectors whose keys belong to no issuer.
    """
    if not isinstance(document, dict):
        return [ProofResult(False, CREDENTIAL_MALFORMED, "not a JSON object", "", None)]
    proofs = _proof_list(document)
    if not proofs:
        return [ProofResult(False, PROOF_MISSING, "the document carries no proof", "", None)]
    issuer = issuer_id if issuer_id is not None else _issuer_id(document)
    results = []
    for proof in proofs:
        suite = str(suite_of(proof) or "") if isinstance(proof, dict) else ""
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        method = method if isinstance(method, str) else None
        try:
            suite, method = _verify_one(
                document,
                proofs,
                proof,
                resolver=resolver,
                issuer_id=issuer,
                expected_purpose=expected_purpose,
                allowed_suites=allowed_suites,
                domain=domain,
                challenge=challenge,
                check_controller=check_controller,
            )
        except _Failure as e:
            results.append(ProofResult(False, e.code, str(e), suite, method))
        except VcError as e:
            results.append(ProofResult(False, e.code, str(e), suite, method))
        except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as e:
            results.append(
                ProofResult(False, PROOF_MALFORMED, f"malformed proof: {e!r}", suite, method)
            )
        else:
            results.append(ProofResult(True, OK, "the proof is valid", suite, method))
    return results
