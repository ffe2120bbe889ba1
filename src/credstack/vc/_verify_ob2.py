"""Basic verification of Open Badges 2.0 assertions (OB 2.0 §"Verification").

Hosted assertions are fetched from their own ``id`` (the copy at that URL is authoritative and
must name that URL as its id), then their BadgeClass and Issuer must resolve, the assertion must
be hosted on the issuer's origin (or an ``allowedOrigins`` entry) and be neither ``revoked`` nor
past ``expires``. Signed assertions are compact JWS (RS256) whose ``verification.creator`` URL
gives a CryptographicKey with ``publicKeyPem``; the key's ``owner`` must be the issuer, and the
issuer's ``revocationList`` is consulted when it has one.
"""

from __future__ import annotations

import base64
import binascii
import json
import warnings
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from ._report import VerificationReport
from .errors import VcError
from .fetch import Fetcher

__all__ = ["OB2_CONTEXT", "is_ob2", "peek_jws_payload", "verify_ob2"]

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
_MAX_DOCUMENT_BYTES = 1024 * 1024


class _Stop(Exception):
    """A check failed and was recorded; the remaining OB 2.0 checks cannot run."""


def is_ob2(document: Any) -> bool:
    """True for an OB 2.0 document (its ``@context`` is the OB 2.0 context)."""
    if not isinstance(document, dict):
        return False
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return OB2_CONTEXT in contexts or "https://w3id.org/openbadges/v2/" in contexts


def peek_jws_payload(token: str) -> Any:
    """The decoded JSON payload of a compact JWS, without verifying it (``None`` if unreadable)."""
    try:
        body = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return None


def _fetch(
    report: VerificationReport, fetcher: Fetcher | None, url: Any, name: str, what: str
) -> dict[str, Any]:
    if not isinstance(url, str):
        report.add(
            name,
            "fail",
            "OB2_REFERENCE_MISSING",
            f"The {what} is not referenced by a URL.",
            "invalid",
        )
        raise _Stop
    if fetcher is None:
        report.add(
            name,
            "skip",
            "OB2_NOT_FETCHED",
            f"The {what} at {url} was not fetched (no network access was allowed).",
            "unverifiable",
        )
        raise _Stop
    try:
        result = fetcher(url, accept="application/ld+json, application/json")
        if len(result.content) > _MAX_DOCUMENT_BYTES:
            raise VcError("the document is too large")
        document = json.loads(result.content)
    except (VcError, ValueError) as e:
        report.add(
            name,
            "fail",
            "OB2_FETCH_FAILED",
            f"The {what} at {url} could not be retrieved: {e}",
            "unverifiable",
        )
        raise _Stop from e
    if not isinstance(document, dict):
        report.add(
            name,
            "fail",
            "OB2_DOCUMENT_MALFORMED",
            f"The {what} at {url} is not a JSON object.",
            "invalid",
        )
        raise _Stop
    return document


def _embedded_or_fetched(
    report: VerificationReport, fetcher: Fetcher | None, value: Any, name: str, what: str
) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return _fetch(report, fetcher, value, name, what)


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _origin(url: Any) -> str | None:
    return urlsplit(url).netloc.lower() or None if isinstance(url, str) else None


def _verify_hosted(
    report: VerificationReport, given: dict[str, Any], fetcher: Fetcher | None
) -> dict[str, Any]:
    url = given.get("id")
    assertion = _fetch(report, fetcher, url, "ob2_hosted", "hosted assertion")
    if assertion.get("id") != url:
        report.add(
            "ob2_hosted",
            "fail",
            "OB2_NOT_HOSTED_AT_ID",
            f"The assertion fetched from {url} names a different id ({assertion.get('id')!r}).",
            "invalid",
        )
        raise _Stop
    report.add(
        "ob2_hosted", "pass", "OB2_HOSTED", f"The assertion is published by its issuer at {url}."
    )
    return assertion


def _verify_signed(
    report: VerificationReport, token: str, fetcher: Fetcher | None
) -> dict[str, Any]:
    assertion = peek_jws_payload(token)
    if not isinstance(assertion, dict):
        report.add(
            "ob2_signature",
            "fail",
            "OB2_SIGNATURE_MALFORMED",
            "The signed assertion cannot be read.",
            "invalid",
        )
        raise _Stop
    verification = assertion.get("verification")
    creator = verification.get("creator") if isinstance(verification, dict) else None
    key_document = _fetch(report, fetcher, creator, "ob2_signature", "signing key")
    try:
        key = RSAKey.import_key(key_document["publicKeyPem"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            jws.deserialize_compact(token, key, algorithms=["RS256"])
    except (JoseError, ValueError, KeyError, TypeError) as e:
        report.add(
            "ob2_signature",
            "fail",
            "OB2_SIGNATURE_INVALID",
            f"The assertion's RS256 signature does not verify: {e}",
            "invalid",
        )
        raise _Stop from e
    report.add(
        "ob2_signature",
        "pass",
        "OB2_SIGNATURE_VALID",
        "The assertion's digital signature (RS256) is intact.",
    )
    report.proofs.append(
        {
            "ok": True,
            "code": "OB2_SIGNATURE_VALID",
            "message": "valid",
            "suite": "OB 2.0 JWS RS256",
            "verification_method": creator,
        }
    )
    assertion["_key_owner"] = key_document.get("owner")
    return assertion


def verify_ob2(
    report: VerificationReport, document: dict[str, Any], *, fetcher: Fetcher | None, now: datetime
) -> None:
    """Add the OB 2.0 checks for ``document`` (hosted or ``{"signed": <JWS>}``) to ``report``."""
    try:
        _verify(report, document, fetcher, now)
    except _Stop:
        return


def _verify(
    report: VerificationReport, document: dict[str, Any], fetcher: Fetcher | None, now: datetime
) -> None:
    signed = isinstance(document.get("signed"), str)
    if signed:
        assertion = _verify_signed(report, document["signed"], fetcher)
        key_owner = assertion.pop("_key_owner")
    else:
        kind = (
            (document.get("verification") or {}).get("type")
            if isinstance(document.get("verification"), dict)
            else None
        )
        if kind not in ("hosted", "HostedBadge"):
            report.add(
                "ob2_hosted",
                "fail",
                "OB2_VERIFICATION_UNSUPPORTED",
                "The Open Badges 2.0 assertion names no supported verification method (hosted or signed).",
                "unverifiable",
            )
            return
        assertion = _verify_hosted(report, document, fetcher)
    report.credential = assertion
    badge = _embedded_or_fetched(
        report, fetcher, assertion.get("badge"), "ob2_badge", "badge class"
    )
    report.add(
        "ob2_badge", "pass", "OB2_BADGE_RESOLVED", f"The badge {badge.get('name')!r} was found."
    )
    issuer = _embedded_or_fetched(
        report, fetcher, badge.get("issuer"), "ob2_issuer", "issuer profile"
    )
    issuer_id = issuer.get("id") if isinstance(issuer.get("id"), str) else badge.get("issuer")
    report.issuer = {"id": issuer_id, "name": issuer.get("name")}
    report.add(
        "ob2_issuer", "pass", "OB2_ISSUER_RESOLVED", f"The issuer {issuer.get('name')!r} was found."
    )
    if signed and key_owner != issuer_id:
        report.add(
            "issuer",
            "fail",
            "ISSUER_KEY_NOT_BOUND",
            "The signing key does not belong to the badge's issuer.",
            "unverifiable",
        )
    elif not signed:
        verification = assertion.get("verification")
        verification = verification if isinstance(verification, dict) else {}
        allowed = verification.get("allowedOrigins") or [_origin(issuer_id)]
        allowed = allowed if isinstance(allowed, list) else [allowed]
        if _origin(assertion.get("id")) not in {str(a).lower() for a in allowed}:
            report.add(
                "issuer",
                "fail",
                "OB2_ORIGIN_MISMATCH",
                "The assertion is not hosted on the issuer's own web site.",
                "unverifiable",
            )
        else:
            report.add(
                "issuer",
                "pass",
                "ISSUER_KEY_BOUND",
                "The assertion is hosted on the issuer's own web site.",
            )
    _check_ob2_status(report, assertion, issuer, fetcher, now)


def _check_ob2_status(
    report: VerificationReport,
    assertion: dict[str, Any],
    issuer: dict[str, Any],
    fetcher: Fetcher | None,
    now: datetime,
) -> None:
    issued, expires = _moment(assertion.get("issuedOn")), _moment(assertion.get("expires"))
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    report.dates = {
        "validFrom": assertion.get("issuedOn"),
        "validUntil": assertion.get("expires"),
        "checkedAt": now.isoformat(),
    }
    if issued is not None and now < issued:
        report.add(
            "valid_from",
            "fail",
            "NOT_YET_VALID",
            f"The badge is dated in the future ({issued.isoformat()}).",
            "not_yet_valid",
        )
    if expires is not None and now >= expires:
        report.add(
            "valid_until",
            "fail",
            "EXPIRED",
            f"The badge expired on {expires.isoformat()}.",
            "expired",
        )
    revoked = assertion.get("revoked") is True
    if not revoked and isinstance(issuer.get("revocationList"), str) and fetcher is not None:
        try:
            listing = _fetch(report, fetcher, issuer["revocationList"], "status", "revocation list")
        except _Stop:
            return
        entries = listing.get("revokedAssertions") or []
        revoked = any(
            (e.get("id") if isinstance(e, dict) else e) == assertion.get("id") for e in entries
        )
    if revoked:
        report.add("status", "fail", "REVOKED", "The issuer has revoked this badge.", "revoked")
    else:
        report.add("status", "pass", "NOT_REVOKED", "The issuer has not revoked this badge.")
