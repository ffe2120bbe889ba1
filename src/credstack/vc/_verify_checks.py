"""The document checks of :func:`credstack.vc.verify.verify`: structure, schema, dates, recipient.

Each function adds one or more checks to the report (stable code, plain sentence); none raises.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ._report import VerificationReport
from .errors import CredentialMalformed
from .model import VC_V1_CONTEXT, identity_matches, parse_credential
from .schema import SchemaKind, schema_errors

__all__ = ["check_dates", "check_recipient", "check_schema", "check_structure"]


def check_structure(report: VerificationReport, document: dict[str, Any]) -> bool:
    try:
        parse_credential(document)
    except CredentialMalformed as e:
        report.add("structure", "fail", e.code, f"The credential is malformed: {e}.")
        return False
    report.add(
        "structure",
        "pass",
        "STRUCTURE_OK",
        "The credential has every required part (issuer, recipient, achievement, dates).",
    )
    return True


def _schema_kind(document: dict[str, Any]) -> SchemaKind | None:
    kinds = document.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    if first == VC_V1_CONTEXT or "ClrCredential" in kinds:
        return None  # the AnyAchievementCredential and CLR schemas are not bundled
    return "endorsement" if "EndorsementCredential" in kinds else "achievement"


def check_schema(report: VerificationReport, document: dict[str, Any]) -> None:
    kind = _schema_kind(document)
    if kind is None:
        report.add(
            "schema",
            "skip",
            "SCHEMA_NOT_BUNDLED",
            "No 1EdTech schema is bundled for this kind of credential, so the schema check was skipped.",
        )
        return
    violations = schema_errors(document, kind)
    if violations:
        where = "; ".join(f"{v.path}: {v.message}" for v in violations[:5])
        report.add(
            "schema",
            "fail",
            "SCHEMA_INVALID",
            f"The credential does not follow the Open Badges 3.0 schema ({where}).",
        )
    else:
        report.add(
            "schema",
            "pass",
            "SCHEMA_VALID",
            "The credential follows the official Open Badges 3.0 schema.",
        )


def _parse_moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_dates(report: VerificationReport, document: dict[str, Any], now: datetime) -> None:
    """VCDM 2.0 §4.9 validFrom/validUntil (VCDM 1.1: issuanceDate/expirationDate)."""
    start_key = "validFrom" if "validFrom" in document else "issuanceDate"
    end_key = "validUntil" if "validUntil" in document else "expirationDate"
    start, end = _parse_moment(document.get(start_key)), _parse_moment(document.get(end_key))
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    report.dates = {
        "validFrom": document.get(start_key),
        "validUntil": document.get(end_key),
        "checkedAt": now.isoformat(),
    }
    if start is not None and now < start:
        report.add(
            "valid_from",
            "fail",
            "NOT_YET_VALID",
            f"The credential only becomes valid on {start.isoformat()}.",
            "not_yet_valid",
        )
    elif start is not None:
        report.add(
            "valid_from",
            "pass",
            "VALID_FROM_OK",
            f"The credential has been valid since {start.isoformat()}.",
        )
    if end is not None and now >= end:
        report.add(
            "valid_until",
            "fail",
            "EXPIRED",
            f"The credential expired on {end.isoformat()}.",
            "expired",
        )
    elif end is not None:
        report.add(
            "valid_until",
            "pass",
            "NOT_EXPIRED",
            f"The credential is valid until {end.isoformat()}.",
        )
    else:
        report.add("valid_until", "pass", "NO_EXPIRY", "The credential does not expire.")


def check_recipient(report: VerificationReport, document: dict[str, Any], recipient: str) -> None:
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    identifiers = subject.get("identifier") or []
    identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
    if subject.get("id") == recipient or any(
        isinstance(i, dict) and identity_matches(i, recipient) for i in identifiers
    ):
        report.add(
            "recipient", "pass", "RECIPIENT_MATCH", f"The credential was awarded to {recipient}."
        )
    else:
        report.add(
            "recipient",
            "fail",
            "RECIPIENT_MISMATCH",
            f"The credential was not awarded to {recipient}.",
        )
