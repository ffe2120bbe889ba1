"""How a verification is shown to a person: tone, a one-line answer and the reasons."""

from __future__ import annotations

from typing import Any

from ..services import Verification
from ..summary import summarise

# result -> (tone for CSS and pills, short label, explanation)
RESULTS: dict[str, tuple[str, str, str]] = {
    "valid": (
        "ok",
        "Valid",
        "The issuer's signature is intact, the issuer's key is confirmed, "
        "and the credential is in force.",
    ),
    "invalid": (
        "bad",
        "Not valid",
        "Do not rely on it: it is damaged, altered, or not a credential.",
    ),
    "revoked": ("bad", "Revoked", "The issuer has withdrawn this credential; it no longer counts."),
    "suspended": (
        "warn",
        "Suspended",
        "The issuer has paused this credential; it may be reinstated.",
    ),
    "expired": ("warn", "Expired", "It was genuine, but its validity period has ended."),
    "not_yet_valid": ("warn", "Not valid yet", "Its validity period has not started."),
    "unverifiable": (
        "warn",
        "Could not check",
        "We could not confirm who issued it or whether "
        "it is still in force. Try again later or ask the issuer.",
    ),
}
CHECK_LABELS = {
    "format": "Format",
    "structure": "Structure",
    "schema": "Open Badges schema",
    "proof": "Signature",
    "issuer": "Issuer identity",
    "valid_from": "Start date",
    "valid_until": "Expiry",
    "status": "Revocation and suspension",
    "recipient": "Recipient",
    "endorsements": "Endorsements",
    "internal": "Verifier",
}


def report_context(verification: Verification) -> dict[str, Any]:
    """Template context for a verification result."""
    report = verification.report
    tone, label, explanation = RESULTS[report.result]
    reasons = [c for c in report.checks if c.status == "fail"]
    checks = [
        {
            "label": CHECK_LABELS.get(c.name, c.name.replace("_", " ").capitalize()),
            "status": c.status,
            "code": c.code,
            "message": c.message,
        }
        for c in report.checks
    ]
    return {
        "verification": verification,
        "result": report.result,
        "tone": tone,
        "result_label": label,
        "headline": report.headline,
        "explanation": explanation,
        "reasons": reasons,
        "checks": checks,
        "summary": summarise(report.credential),
        "issuer": report.issuer,
    }
