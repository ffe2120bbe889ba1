"""The signature checks of :func:`credstack.vc.verify.verify`: embedded proofs and VC-JWTs.

OB 3.0 §"Verification and Validation" steps 3-4: at least one proof must verify (VCDI §4.3;
any one valid proof of a proof set suffices) with a key the issuer controls, or the VC-JWT's
signature must verify (OB 3.0 §"JSON Web Token Proof Format"). Failures are split in two: a
changed document is ``invalid``; a key we could not reach or could not tie to the issuer is
``unverifiable``, because the credential may still be genuine.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ._report import Result, VerificationReport
from .fetch import Fetcher
from .jwt import JwtInvalid, verify_jwt
from .proofs import verify_proofs
from .resolve import KeyResolver

__all__ = ["check_proofs", "verify_token"]

#: Proof-result codes meaning "we could not reach or trust the key", not "the bytes changed".
_UNVERIFIABLE_PROOF_CODES = frozenset(
    {
        "KEY_RESOLUTION_FAILED",
        "KEY_NOT_AUTHORIZED",
        "SUITE_NOT_ALLOWED",
        "FETCH_FAILED",
        "CONTEXT_NOT_ALLOWED",
    }
)


def verify_token(
    report: VerificationReport,
    token: str,
    *,
    resolver: KeyResolver,
    fetcher: Fetcher | None,
    algorithms: Collection[str],
) -> dict[str, Any] | None:
    """Verify a VC-JWT's signature and claims; return its credential, or ``None`` on failure.

    Dates are left to the report's own date checks, so an expired token reads as ``expired``
    rather than as a broken signature.
    """
    try:
        verified = verify_jwt(
            token, resolver=resolver, fetcher=fetcher, algorithms=algorithms, check_dates=False
        )
    except JwtInvalid as e:
        outcome: Result = "unverifiable" if e.reason == "JWT_KEY_UNRESOLVED" else "invalid"
        report.add("proof", "fail", e.reason, f"The JWT signature check failed: {e}", outcome)
        report.proofs.append({"ok": False, "code": e.reason, "message": str(e), "suite": "VC-JWT"})
        return None
    alg = verified.header.get("alg")
    report.proofs.append(
        {
            "ok": True,
            "code": "PROOF_VALID",
            "message": "valid",
            "suite": f"VC-JWT {alg}",
            "verification_method": verified.key_id,
        }
    )
    report.add(
        "proof",
        "pass",
        "PROOF_VALID",
        f"The issuer's digital signature (JWT, {alg}) is intact: nothing was changed after signing.",
    )
    if verified.key_bound:
        report.add(
            "issuer", "pass", "ISSUER_KEY_BOUND", "The signing key belongs to the named issuer."
        )
    else:
        report.add(
            "issuer",
            "fail",
            "ISSUER_KEY_NOT_BOUND",
            "The signing key is only named inside the token; nothing shows it belongs to the named issuer.",
            "unverifiable",
        )
    if verified.vcdm_version == "1.1":
        report.version = "ob3"
    return verified.credential


def check_proofs(
    report: VerificationReport,
    document: dict[str, Any],
    issuer_id: Any,
    *,
    resolver: KeyResolver,
    required: bool,
) -> None:
    """Check the embedded proofs (VCDI §4.3); a missing proof fails only when ``required``."""
    if not document.get("proof"):
        if required:
            report.add(
                "proof",
                "fail",
                "PROOF_MISSING",
                "The credential carries no digital signature, so nothing shows who issued it.",
                "unverifiable",
            )
        return
    results = verify_proofs(
        document,
        resolver=resolver,
        issuer_id=issuer_id if isinstance(issuer_id, str) else None,
    )
    report.proofs.extend(
        {
            "ok": r.ok,
            "code": r.code,
            "message": r.message,
            "suite": r.suite,
            "verification_method": r.verification_method,
        }
        for r in results
    )
    good = [r for r in results if r.ok]
    if good:
        report.add(
            "proof",
            "pass",
            "PROOF_VALID",
            f"The issuer's digital signature ({good[0].suite}) is intact: nothing was changed after signing.",
        )
        report.add(
            "issuer",
            "pass",
            "ISSUER_KEY_BOUND",
            "The signing key is published by the named issuer for issuing credentials.",
        )
        return
    first = results[0] if results else None
    code = first.code if first else "PROOF_INVALID"
    outcome: Result = "unverifiable" if code in _UNVERIFIABLE_PROOF_CODES else "invalid"
    detail = first.message if first else "no proof could be read"
    sentence = (
        "The issuer's key could not be confirmed"
        if outcome == "unverifiable"
        else "The digital signature does not match: the credential was altered or not signed by this issuer"
    )
    report.add("proof", "fail", code, f"{sentence} ({detail}).", outcome)
