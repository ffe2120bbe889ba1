"""The earner's wallet: their own awards, and credentials they import from elsewhere.

An import is verified with :func:`credstack.verification.services.verify_credential` (the
engine's checks plus, for credstack credentials, the companion suspension list of decision 0002)
BEFORE anything is stored, with every remote read (did:web documents, status lists, hosted OB 2.0 assertions, the URL the
earner typed) going through verification's guarded fetcher. A credential whose authenticity
cannot be established (result ``invalid`` or ``unverifiable``) is refused with the reason of
the first failed check; a genuine one is stored with its report even when it is expired,
revoked or suspended, so the wallet shows the truth. Reports older than a day are refreshed
when the wallet is viewed (status can change; see USERS-ASK "say how fresh a result is").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from credstack.accounts.models import User
from credstack.issuance.models import Award, AwardStatus
from credstack.problems import Conflict, InvalidInput, NotFound, Problem
from credstack.vc.errors import FetchError
from credstack.vc.verify import VerificationReport
from credstack.verification.services import GuardedFetcher, verify_credential

from ..models import ImportedCredential

#: The largest file or fetched document accepted (the verifier's own limit).
MAX_IMPORT_BYTES = 2 * 1024 * 1024
#: How old a stored report may be before viewing the wallet re-verifies the credential.
REVERIFY_AFTER = timedelta(days=1)
#: Re-verifications per wallet view, so a large wallet never makes one page slow.
REVERIFY_PER_VIEW = 10
#: Results of a genuine credential (its proof and issuer hold), whatever its current status.
GENUINE_RESULTS = frozenset({"valid", "expired", "not_yet_valid", "revoked", "suspended"})
URL_ACCEPT = (
    "application/vc+ld+json, application/vc, application/ld+json, application/json;q=0.9, "
    "application/vc+jwt, application/jwt, image/png, image/svg+xml, text/plain;q=0.5"
)
PUBLIC_STATUSES = (AwardStatus.ISSUED, AwardStatus.SUSPENDED, AwardStatus.REVOKED)
_FORMATS = {"json", "jwt", "png", "svg"}


def own_awards(user: User) -> QuerySet[Award]:
    """The earner's awards that were issued (including suspended and revoked ones)."""
    return (
        Award.objects.filter(
            recipient_user=user, status__in=PUBLIC_STATUSES, credential_json__isnull=False
        )
        .select_related("credential", "issuer")
        .order_by("-issued_at", "-pk")
    )


def own_award(user: User, credential_uuid: UUID | str) -> Award:
    """One of the earner's awards ("not found" for anyone else's)."""
    try:
        key = UUID(str(credential_uuid))
    except ValueError as e:
        raise NotFound("There is no such credential.", code="AWARD_NOT_FOUND") from e
    award = own_awards(user).filter(credential_uuid=key).first()
    if award is None:
        raise NotFound("There is no such credential in your wallet.", code="AWARD_NOT_FOUND")
    return award


def imported_of(user: User) -> QuerySet[ImportedCredential]:
    return ImportedCredential.objects.filter(user=user).defer("original")


def imported_for(user: User, pk: int) -> ImportedCredential:
    item = ImportedCredential.objects.filter(user=user, pk=pk).first()
    if item is None:
        raise NotFound("There is no such credential in your wallet.", code="IMPORT_NOT_FOUND")
    return item


def _first_failure(report: VerificationReport) -> tuple[str, str]:
    for check in report.checks:
        if check.status == "fail":
            return check.code, check.message
    return "IMPORT_NOT_VERIFIED", report.headline


def _subject(document: dict[str, Any]) -> dict[str, Any]:
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    return subject if isinstance(subject, dict) else {}


def _name(document: dict[str, Any], fetcher: GuardedFetcher) -> str:
    achievement = _subject(document).get("achievement")
    for value in (
        document.get("name"),
        achievement.get("name") if isinstance(achievement, dict) else None,
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    badge = document.get("badge")  # OB 2.0: the BadgeClass, usually by URL
    if isinstance(badge, str):
        try:
            badge = json.loads(fetcher(badge, accept="application/ld+json").content)
        except (FetchError, ValueError):
            badge = None
    if isinstance(badge, dict) and isinstance(badge.get("name"), str):
        return badge["name"].strip()[:300] or "Open Badge"
    return "Open Badge"


def _identity(document: dict[str, Any], raw: bytes) -> str:
    value = document.get("id")
    if isinstance(value, str) and value.strip():
        return value.strip()[:500]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class Checked:
    report: VerificationReport
    document: dict[str, Any]
    checked_at: datetime


def _check(raw: bytes, fetcher: GuardedFetcher) -> Checked:
    report = verify_credential(raw, fetcher=fetcher)
    document = report.credential if isinstance(report.credential, dict) else {}
    return Checked(report, document, timezone.now())


def _as_bytes(data: bytes | str) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not raw.strip():
        raise InvalidInput("Choose a file, paste a credential or enter a URL.", code="IMPORT_EMPTY")
    if len(raw) > MAX_IMPORT_BYTES:
        raise Problem(
            f"That file is {len(raw):,} bytes; the largest accepted is {MAX_IMPORT_BYTES:,}.",
            code="IMPORT_TOO_LARGE",
            status=413,
        )
    return raw


def import_credential(
    user: User,
    data: bytes | str,
    *,
    source_url: str = "",
    fetcher: GuardedFetcher | None = None,
) -> ImportedCredential:
    """Verify a credential (JSON, JWT, baked PNG/SVG) and store it in ``user``'s wallet.

    Raises ``InvalidInput`` ``IMPORT_INVALID`` / ``IMPORT_UNVERIFIABLE`` naming the failed
    check, ``Conflict`` ``IMPORT_DUPLICATE`` for a credential already in the wallet and
    ``IMPORT_OWN_AWARD`` for one of the earner's own awards (already listed).
    """
    raw = _as_bytes(data)
    fetcher = fetcher or GuardedFetcher()
    checked = _check(raw, fetcher)
    report = checked.report
    if report.result not in GENUINE_RESULTS:
        code, message = _first_failure(report)
        kind = "IMPORT_INVALID" if report.result == "invalid" else "IMPORT_UNVERIFIABLE"
        lead = (
            "This is not a valid credential"
            if kind == "IMPORT_INVALID"
            else "This credential could not be checked"
        )
        raise InvalidInput(f"{lead}, so it was not added ({code}): {message}", code=kind)
    document = checked.document
    credential_id = _identity(document, raw)
    if credential_id.startswith("urn:uuid:"):
        try:
            own = own_awards(user).filter(
                credential_uuid=UUID(credential_id.removeprefix("urn:uuid:"))
            )
        except ValueError:
            own = own_awards(user).none()
        if own.exists():
            raise Conflict(
                "This credential was issued to you here; it is already in your wallet.",
                code="IMPORT_OWN_AWARD",
            )
    issuer = report.issuer or {}
    try:
        with transaction.atomic():
            return ImportedCredential.objects.create(
                user=user,
                credential_id=credential_id,
                name=_name(document, fetcher),
                issuer_id=str(issuer.get("id") or "")[:500],
                issuer_name=str(issuer.get("name") or "")[:300],
                version=report.version or "",
                format=report.format if report.format in _FORMATS else "json",
                original=raw,
                document=document,
                source_url=source_url[:2000],
                result=report.result,
                headline=report.headline[:300],
                report=report.to_dict(),
                verified_at=checked.checked_at,
            )
    except IntegrityError as e:
        raise Conflict("This credential is already in your wallet.", code="IMPORT_DUPLICATE") from e


def import_from_url(user: User, url: str) -> ImportedCredential:
    """Fetch ``url`` through the guarded fetcher (public https only) and import what it holds."""
    url = (url or "").strip()
    if not url:
        raise InvalidInput("Enter the credential's URL.", code="IMPORT_EMPTY")
    if len(url) > 2000:
        raise InvalidInput("That URL is too long.", code="IMPORT_URL_INVALID")
    fetcher = GuardedFetcher()
    try:
        fetched = fetcher(url, accept=URL_ACCEPT)
    except FetchError as e:
        raise InvalidInput(
            f"The credential could not be fetched from that address ({e.code}): {e}",
            code="IMPORT_URL_REFUSED",
        ) from e
    return import_credential(user, fetched.content, source_url=url, fetcher=fetcher)


@transaction.atomic
def delete_imported(user: User, pk: int) -> None:
    """Remove one imported credential from ``user``'s wallet (theirs only)."""
    imported_for(user, pk).delete()


def reverify(item: ImportedCredential) -> ImportedCredential:
    """Verify a stored credential again and keep the new report (status may have changed)."""
    raw = bytes(ImportedCredential.objects.values_list("original", flat=True).get(pk=item.pk))
    checked = _check(raw, GuardedFetcher())
    item.result = checked.report.result
    item.headline = checked.report.headline[:300]
    item.report = checked.report.to_dict()
    item.verified_at = checked.checked_at
    item.save(update_fields=["result", "headline", "report", "verified_at"])
    return item


def refresh_stale(user: User, *, now: datetime | None = None) -> int:
    """Re-verify up to ``REVERIFY_PER_VIEW`` of ``user``'s imports checked over a day ago."""
    cutoff = (now or timezone.now()) - REVERIFY_AFTER
    stale = list(imported_of(user).filter(verified_at__lt=cutoff).order_by("verified_at"))
    for item in stale[:REVERIFY_PER_VIEW]:
        reverify(item)
    return min(len(stale), REVERIFY_PER_VIEW)
