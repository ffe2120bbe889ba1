"""The revocation check of :func:`credstack.vc.verify.verify` (W3C Bitstring Status List 1.0).

OB 3.0 §"Verification and Validation" step 6: when the credential has a ``credentialStatus``,
its status list is fetched, its own proof verified with the same resolver, and the bit read
(:func:`credstack.vc.status.check_status`). Offline (no fetcher) the check is skipped and says
so; a list that cannot be read makes the credential ``unverifiable``, never ``valid``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ._report import VerificationReport
from .fetch import Fetcher
from .proofs import verify_proofs
from .resolve import KeyResolver
from .status import check_status

__all__ = ["ListVerifier", "check_revocation"]

# A caller's check of a status list credential's proof: (list, the credential's issuer id).
ListVerifier = Callable[[dict[str, Any], str | None], bool]


def check_revocation(
    report: VerificationReport,
    document: dict[str, Any],
    *,
    resolver: KeyResolver,
    fetcher: Fetcher | None,
    enabled: bool,
    now: datetime,
    verify_list: Callable[[dict[str, Any]], bool] | None = None,
) -> None:
    """Add one ``status`` check per status entry (or one saying none was published/checked)."""
    if "credentialStatus" not in document:
        report.add(
            "status",
            "pass",
            "NO_STATUS",
            "The issuer did not publish a revocation status for this credential.",
        )
        return
    if not enabled or fetcher is None:
        report.add(
            "status",
            "skip",
            "STATUS_NOT_CHECKED",
            "Revocation was not checked (no network access was allowed).",
        )
        return

    def own_check(list_credential: dict[str, Any]) -> bool:
        return any(r.ok for r in verify_proofs(list_credential, resolver=resolver))

    results = check_status(document, fetcher=fetcher, verify_list=verify_list or own_check, now=now)
    report.status = [r.to_dict() for r in results]
    for r in results:
        if not r.ok:
            report.add(
                "status",
                "fail",
                r.code,
                f"The revocation status could not be checked: {r.message}",
                "unverifiable",
            )
        elif r.set and r.purpose == "suspension":
            report.add(
                "status",
                "fail",
                "SUSPENDED",
                "The issuer has suspended this credential.",
                "suspended",
            )
        elif r.set:
            report.add(
                "status", "fail", "REVOKED", "The issuer has revoked this credential.", "revoked"
            )
        else:
            report.add(
                "status",
                "pass",
                "NOT_REVOKED",
                f"The issuer's status list shows no {r.purpose or 'revocation'}.",
            )
