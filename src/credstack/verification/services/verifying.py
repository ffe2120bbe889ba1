"""Verify what a visitor brings — a file, pasted text, JSON, a JWT or a URL — and explain it.

The engine (:func:`credstack.vc.verify.verify`) does the checking; this module gives it the
guarded fetcher, adds what only the platform knows (decision 0002: a credstack credential's
suspension lives on a companion list, so it is checked too), links the credential to its award
when it is one of ours, and records the verification anonymously.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from credstack.issuance.models import Award
from credstack.vc.errors import FetchError
from credstack.vc.model import identity_matches
from credstack.vc.proofs import verify_proofs
from credstack.vc.resolve import KeyResolver
from credstack.vc.status import check_status
from credstack.vc.verify import VerificationReport, verify

from .. import internal
from ..fetcher import FetchSource, GuardedFetcher
from .events import record_event
from .public import award_for_document, public_url

#: The largest file, text or fetched document the verifier reads (the API answers 413 above).
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: What a URL entered into the verifier may return: a credential in any of its forms.
CREDENTIAL_ACCEPT = (
    "application/vc+ld+json, application/vc, application/ld+json, application/json;q=0.9, "
    "application/vc+jwt, application/jwt, image/png, image/svg+xml, text/plain;q=0.5"
)
STATUS_ACCEPT = "application/vc+ld+json, application/vc, application/ld+json, application/json"
_OUR_REVOCATION_LIST = re.compile(r"^(?P<base>.*/issuers/[^/]+/status/)revocation/(?P<seq>\d+)$")
_LIST_MEMO_SECONDS = 300
_LIST_MEMO_SIZE = 128


@dataclass(slots=True)
class Verification:
    """A verification as the platform reports it: the engine's report and where it came from."""

    report: VerificationReport
    award: Award | None = None
    url: str | None = None
    sources: list[FetchSource] = field(default_factory=list)
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def result(self) -> str:
        return self.report.result

    @property
    def public_url(self) -> str | None:
        return public_url(self.award) if self.award is not None else None

    def to_dict(self) -> dict[str, Any]:
        """The API's report: the engine's fields plus freshness and the public page, if ours."""
        body = self.report.to_dict()
        body["checked_at"] = self.checked_at.isoformat().replace("+00:00", "Z")
        body["url"] = self.url
        body["public_url"] = self.public_url
        body["sources"] = [
            {"url": s.url, "origin": s.origin, "age_seconds": s.age_seconds} for s in self.sources
        ]
        return body


def key_resolver(fetcher: GuardedFetcher) -> KeyResolver:
    """A resolver that trusts the platform's own origin even in development over plain http.

    Requests to our own BASE_URL never leave the process (the fetcher answers them from the
    database), so accepting http for that one origin trusts nothing from the network.
    """
    own = settings.BASE_URL
    return KeyResolver(fetcher, http_origins=[own] if own.startswith("http://") else [])


def verify_credential(
    subject: dict[str, Any] | str | bytes, *, fetcher: GuardedFetcher | None = None
) -> VerificationReport:
    """Verify a credential as credstack displays it anywhere: the engine's checks plus suspension.

    Decision 0002: a credstack credential names only its revocation list, so the engine alone
    would call a suspended one valid; this adds the companion suspension list's verdict. Every
    remote read goes through the guarded fetcher. Nothing is recorded: other apps (the wallet)
    call this to display a credential, which is not a verification by a reviewer.
    """
    fetcher = fetcher or GuardedFetcher()
    if isinstance(subject, dict):
        _warm_own_lists(subject, fetcher)
    report = verify(
        subject,
        fetcher=fetcher,
        resolver=key_resolver(fetcher),
        verify_list=lambda document, issuer_id: _ListVerifier(fetcher, issuer_id)(document),
    )
    _check_suspension(report, fetcher)
    return report


def verify_input(
    subject: dict[str, Any] | str | bytes,
    *,
    channel: str,
    referer: str | None = None,
    url: str | None = None,
    fetcher: GuardedFetcher | None = None,
) -> Verification:
    """Verify a credential given as JSON, text (JSON or JWT) or file bytes; record it if ours."""
    fetcher = fetcher or GuardedFetcher()
    report = verify_credential(subject, fetcher=fetcher)
    award = award_for_document(report.credential)
    record_event(award, report.result, channel, referer)
    return Verification(report, award, url, list(fetcher.sources))


def verify_url(url: str, *, channel: str, referer: str | None = None) -> Verification:
    """Fetch ``url`` through the guarded fetcher and verify what it returns.

    A URL that cannot be fetched (refused address, too large, too slow, wrong type) gives a
    report whose result is ``unverifiable`` with the fetcher's code and reason.
    """
    fetcher = GuardedFetcher()
    url = url.strip()
    try:
        fetched = fetcher(url, accept=CREDENTIAL_ACCEPT)
    except FetchError as e:
        report = VerificationReport()
        report.add(
            "format",
            "fail",
            e.code,
            f"The credential could not be fetched from that address: {e}.",
            "unverifiable",
        )
        return Verification(report, None, url, list(fetcher.sources))
    return verify_input(fetched.content, channel=channel, referer=referer, url=url, fetcher=fetcher)


def check_identity(credential: dict[str, Any] | None, email: str) -> bool | None:
    """Was ``credential`` awarded to ``email``? None when it names its earner another way.

    Compares against the salted hash in ``credentialSubject.identifier`` (OB 3.0
    IdentityObject), so the address the credential was issued to is never revealed.
    """
    if not isinstance(credential, dict) or not email.strip():
        return None
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, dict):
        return None
    identifiers = subject.get("identifier")
    identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
    emails = [
        i for i in identifiers if isinstance(i, dict) and i.get("identityType") == "emailAddress"
    ]
    if not emails:
        return None
    return any(identity_matches(i, email) for i in emails)


def _own_list_urls(document: dict[str, Any]) -> list[str]:
    entries = document.get("credentialStatus")
    urls: list[str] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        url = entry.get("statusListCredential") if isinstance(entry, dict) else None
        if not isinstance(url, str):
            continue
        found = _OUR_REVOCATION_LIST.match(url)
        if found is not None and internal.is_internal(url):
            urls += [url, f"{found['base']}suspension/{found['seq']}"]
    return urls


def _warm_own_lists(document: dict[str, Any], fetcher: GuardedFetcher) -> None:
    """Read our own status lists before the engine reads its clock.

    Issuance re-signs a list lazily on the first read after a change, stamping ``validFrom``
    with that moment; read during verification it would be a few milliseconds "in the future"
    of the verifier's clock (STATUS_LIST_NOT_YET_VALID). Reading first avoids the race; the
    engine's own read is then a cheap revalidation.
    """
    for url in _own_list_urls(document):
        try:
            fetcher(url, accept=STATUS_ACCEPT)
        except FetchError:
            continue  # the engine's own read reports it properly


def _check_suspension(report: VerificationReport, fetcher: GuardedFetcher) -> None:
    """Decision 0002: a credstack credential's suspension is on the companion list."""
    document = report.credential
    if not isinstance(document, dict) or not report.status:
        return
    entries = document.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("statusPurpose") != "revocation":
            continue
        list_url = entry.get("statusListCredential")
        if not isinstance(list_url, str) or not internal.is_internal(list_url):
            continue
        found = _OUR_REVOCATION_LIST.match(list_url)
        if found is None:
            continue
        companion = {
            **entry,
            "id": f"{found['base']}suspension/{found['seq']}#{entry.get('statusListIndex')}",
            "statusPurpose": "suspension",
            "statusListCredential": f"{found['base']}suspension/{found['seq']}",
        }
        verifier = _ListVerifier(fetcher, issuer_id if isinstance(issuer_id, str) else None)
        for result in check_status(
            {"credentialStatus": companion}, fetcher=fetcher, verify_list=verifier
        ):
            report.status.append(result.to_dict())
            if not result.ok:
                report.add(
                    "status",
                    "fail",
                    result.code,
                    f"The suspension status could not be checked: {result.message}",
                    "unverifiable",
                )
            elif result.set:
                report.add(
                    "status",
                    "fail",
                    "SUSPENDED",
                    "The issuer has suspended this credential.",
                    "suspended",
                )
            else:
                report.add(
                    "status",
                    "pass",
                    "NOT_SUSPENDED",
                    "The issuer's suspension list shows no suspension.",
                )


class _ListVerifier:
    """Checks a status list's proof, remembering lists already verified (by exact content).

    The same signed list serves every credential of an issuer; verifying its signature once per
    content (for five minutes) instead of once per credential keeps bulk verification cheap.
    """

    _memo: OrderedDict[str, float] = OrderedDict()
    _lock = threading.Lock()

    def __init__(self, fetcher: GuardedFetcher, issuer_id: str | None) -> None:
        self._resolver = key_resolver(fetcher)
        self._issuer_id = issuer_id

    def __call__(self, document: dict[str, Any]) -> bool:
        raw = json.dumps([self._issuer_id, document], sort_keys=True).encode()
        key = hashlib.sha256(raw).hexdigest()
        now = time.monotonic()
        with self._lock:
            if self._memo.get(key, 0.0) > now:
                return True
        ok = any(
            r.ok
            for r in verify_proofs(document, resolver=self._resolver, issuer_id=self._issuer_id)
        )
        if ok:
            with self._lock:
                self._memo[key] = now + _LIST_MEMO_SECONDS
                while len(self._memo) > _LIST_MEMO_SIZE:
                    self._memo.popitem(last=False)
        return ok
