"""Verify a credential — JSON, VC-JWT, baked PNG/SVG or Open Badges 2.0 — into a report.

The steps follow OB 3.0 §"Verification and Validation" (see OB3-BRIEF §8): detect the format
and read the credential; check its structure and the 1EdTech JSON schema; verify its proofs
(any one valid proof suffices) and that the signing key belongs to the issuer; check the
validity period against an injectable clock; check its status list; verify its endorsements
(embedded and ``endorsementJwt``). :func:`verify` never raises on bad input: every problem
becomes a check in the :class:`~credstack.vc._report.VerificationReport`, with a stable code
and a plain sentence.

This module is the outline; each step lives in a private module: ``_verify_read`` (format),
``_verify_checks`` (structure, schema, dates, recipient), ``_verify_proofs`` (proofs and
VC-JWT), ``_verify_status`` (revocation), ``_verify_endorsements`` and ``_verify_ob2``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ._report import Check, VerificationReport
from ._verify_checks import check_dates, check_recipient, check_schema, check_structure
from ._verify_endorsements import check_endorsements
from ._verify_ob2 import OB2_CONTEXT, is_ob2, verify_ob2
from ._verify_ob2 import peek_jws_payload as _peek
from ._verify_proofs import check_proofs, verify_token
from ._verify_read import read_subject
from ._verify_status import ListVerifier, check_revocation
from .fetch import Fetcher
from .jwt import DEFAULT_ALGORITHMS
from .resolve import KeyResolver

__all__ = ["Check", "VerificationReport", "verify"]

_MAX_ENDORSEMENT_DEPTH = 1


def verify(
    subject: dict[str, Any] | str | bytes,
    *,
    resolver: KeyResolver | None = None,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    check_status: bool = True,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    recipient: str | None = None,
    verify_endorsements: bool = True,
    verify_list: ListVerifier | None = None,
) -> VerificationReport:
    """Verify a credential and explain the outcome; never raises on bad input.

    ``subject`` is a credential (dict or JSON text), a compact VC-JWT, or the bytes of a JSON
    file, a JWT file or a baked PNG/SVG. Keys are resolved by ``resolver`` (default: a
    :class:`KeyResolver` over ``fetcher``; did:key works offline); status lists and OB 2.0
    documents are fetched through ``fetcher`` (none given: nothing is fetched and the status
    check is skipped). ``now`` fixes the clock. ``recipient`` (an e-mail address or the
    subject's id) adds a check that the credential was awarded to that person.
    ``verify_list(list_credential, issuer_id)`` replaces the check of a status list's own
    proof (default: its proofs verified with ``resolver``), for a caller that keeps verified
    lists in a cache; it must be at least as strict.
    """
    report = VerificationReport()
    options = _Options(
        resolver=resolver or KeyResolver(fetcher),
        fetcher=fetcher,
        now=now or datetime.now(UTC),
        check_status=check_status,
        algorithms=algorithms,
        recipient=recipient,
        verify_list=verify_list,
    )
    try:
        _verify_into(report, subject, options, depth=0, endorsements=verify_endorsements)
    except Exception as e:
        # The contract is "never raises": a bug met on hostile input becomes a failed check.
        report.add(
            "internal", "fail", "INTERNAL_ERROR", f"Verification stopped unexpectedly: {e!r}"
        )
    return report


@dataclass(frozen=True, slots=True)
class _Options:
    resolver: KeyResolver
    fetcher: Fetcher | None
    now: datetime
    check_status: bool
    algorithms: Collection[str]
    recipient: str | None
    verify_list: ListVerifier | None = None


def _by_issuer(
    verify_list: ListVerifier, issuer_id: str | None, list_credential: dict[str, Any]
) -> bool:
    return verify_list(list_credential, issuer_id)


def _verify_into(
    report: VerificationReport,
    subject: dict[str, Any] | str | bytes,
    options: _Options,
    *,
    depth: int,
    endorsements: bool,
) -> None:
    document, token = read_subject(report, subject)
    if token is not None and is_ob2(_peek(token)):
        document, token = {"@context": OB2_CONTEXT, "signed": token}, None
    if token is not None:
        document = verify_token(
            report,
            token,
            resolver=options.resolver,
            fetcher=options.fetcher,
            algorithms=options.algorithms,
        )
    if document is None:
        return
    if is_ob2(document):
        report.version = "ob2"
        verify_ob2(report, document, fetcher=options.fetcher, now=options.now)
        return
    report.version = report.version or "ob3"
    report.credential = document
    issuer_id = _record_issuer(report, document)
    if not check_structure(report, document):
        return
    check_schema(report, document)
    if token is None or document.get("proof"):
        check_proofs(report, document, issuer_id, resolver=options.resolver, required=token is None)
    check_dates(report, document, options.now)
    check_revocation(
        report,
        document,
        resolver=options.resolver,
        fetcher=options.fetcher,
        enabled=options.check_status,
        now=options.now,
        verify_list=(
            None
            if options.verify_list is None
            else partial(_by_issuer, options.verify_list, issuer_id)
        ),
    )
    if options.recipient is not None:
        check_recipient(report, document, options.recipient)
    if endorsements and depth < _MAX_ENDORSEMENT_DEPTH:

        def verify_one(endorsement: dict[str, Any] | str) -> VerificationReport:
            inner = VerificationReport()
            _verify_into(inner, endorsement, options, depth=depth + 1, endorsements=False)
            return inner

        check_endorsements(report, document, verify_one)


def _record_issuer(report: VerificationReport, document: dict[str, Any]) -> Any:
    """Note the issuer's id and name on the report; return the id as the document gives it."""
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if isinstance(issuer_id, str):
        name = issuer.get("name") if isinstance(issuer, dict) else None
        report.issuer = {"id": issuer_id, "name": name if isinstance(name, str) else None}
    return issuer_id
