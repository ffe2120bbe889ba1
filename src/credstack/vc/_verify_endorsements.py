"""The endorsement check of :func:`credstack.vc.verify.verify` (OB 3.0 §"EndorsementCredential").

A credential, its issuer Profile and its Achievement may each carry endorsements in two forms:
``endorsement`` (EndorsementCredentials with embedded proofs) and ``endorsementJwt`` (the same
credentials secured as compact VC-JWTs, OB 3.0 §B.1 "Achievement", "Profile",
"AchievementCredential"). Each is verified as a credential of its own, one level deep, and
reported under ``endorsements``; a failed endorsement only warns, since it says nothing about
whether the endorsed credential itself is genuine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._report import CheckStatus, VerificationReport
from .jwt import is_compact_jws

__all__ = ["check_endorsements", "find_endorsements"]

#: Verifies one endorsement (an embedded credential or a compact JWS) into its own report.
VerifyOne = Callable[[dict[str, Any] | str], VerificationReport]


def find_endorsements(document: dict[str, Any]) -> list[Any]:
    """The ``endorsement`` and ``endorsementJwt`` entries of the credential, issuer, achievement.

    Embedded entries that are not JSON objects are left out (the schema check reports them);
    ``endorsementJwt`` entries are kept whatever they are, so a malformed one is reported.
    """
    holders: list[Any] = [document, document.get("issuer")]
    subject = document.get("credentialSubject")
    if isinstance(subject, dict):
        holders.append(subject.get("achievement"))
    found: list[Any] = []
    for holder in holders:
        if isinstance(holder, dict):
            found.extend(e for e in _as_list(holder.get("endorsement")) if isinstance(e, dict))
            found.extend(_as_list(holder.get("endorsementJwt")))
    return found


def _as_list(value: Any) -> list[Any]:
    if not value:  # absent, null or empty: no endorsement
        return []
    return value if isinstance(value, list) else [value]


def check_endorsements(
    report: VerificationReport, document: dict[str, Any], verify_one: VerifyOne
) -> None:
    """Verify every endorsement of ``document`` and add one ``endorsements`` check."""
    inner: list[VerificationReport] = []
    for endorsement in find_endorsements(document):
        if isinstance(endorsement, dict) or (
            isinstance(endorsement, str) and is_compact_jws(endorsement)
        ):
            inner.append(verify_one(endorsement))
        else:
            inner.append(_malformed_jwt(endorsement))
    report.endorsements.extend(inner)
    if inner:
        good = sum(1 for e in inner if e.valid)
        status: CheckStatus = "pass" if good == len(inner) else "warn"
        report.add(
            "endorsements",
            status,
            "ENDORSEMENTS_CHECKED",
            f"{good} of {len(inner)} endorsement(s) verified.",
        )


def _malformed_jwt(value: Any) -> VerificationReport:
    """The report of an ``endorsementJwt`` entry that is not a compact JWS at all."""
    inner = VerificationReport(format="jwt")
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    inner.add(
        "format",
        "fail",
        "JWT_MALFORMED",
        f"The endorsement JWT {shown} is not a compact JWS (header.payload.signature).",
    )
    return inner
