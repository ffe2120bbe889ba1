"""Recording verifications anonymously, for the institution's view of employer acceptance."""

from __future__ import annotations

from urllib.parse import urlsplit

from credstack.issuance.models import Award

from ..models import VerificationEvent


def referrer_domain(referer: str | None) -> str:
    """The host of a ``Referer`` header, and nothing else (no path, no query: they can identify
    people); empty when absent or unreadable."""
    if not referer:
        return ""
    try:
        host = urlsplit(referer.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower()[:253]


def record_event(award: Award | None, result: str, channel: str, referer: str | None) -> None:
    """Count one verification of ``award`` (nothing is recorded for other issuers' credentials)."""
    if award is None:
        return
    VerificationEvent.objects.create(
        award=award, result=result[:20], channel=channel, referrer_domain=referrer_domain(referer)
    )
