"""Verify a credential — JSON, VC-JWT, baked PNG/SVG or Open Badges 2.0 — into a report.

The steps follow OB 3.0 §"Verification and Validation" (see OB3-BRIEF §8): detect the format
and read the credential; check its structure and the 1EdTech JSON schema; verify its proofs
(any one valid proof suffices) and that the signing key belongs to the issuer; check the
validity period against an injectable clock; check its status list; verify embedded
endorsements. :func:`verify` never raises on bad input: every problem becomes a check in the
:class:`~credstack.vc._report.VerificationReport`, with a stable code and a plain sentence.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from ._report import Check, CheckStatus, Result, VerificationReport
from ._verify_checks import check_dates, check_recipient, check_schema, check_structure
from ._verify_ob2 import OB2_CONTEXT, is_ob2, verify_ob2
from ._verify_ob2 import peek_jws_payload as _peek
from .baking import extract
from .errors import CredentialMalformed, VcError
from .fetch import Fetcher
from .jwt import DEFAULT_ALGORITHMS, JwtInvalid, is_compact_jws, verify_jwt
from .model import load_json
from .proofs import verify_proofs
from .resolve import KeyResolver
from .status import check_status

__all__ = ["Check", "VerificationReport", "verify"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_ENDORSEMENT_DEPTH = 1
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
) -> VerificationReport:
    """Verify a credential and explain the outcome; never raises on bad input.

    ``subject`` is a credential (dict or JSON text), a compact VC-JWT, or the bytes of a JSON
    file, a JWT file or a baked PNG/SVG. Keys are resolved by ``resolver`` (default: a
    :class:`KeyResolver` over ``fetcher``; did:key works offline); status lists and OB 2.0
    documents are fetched through ``fetcher`` (none given: nothing is fetched and the status
    check is skipped). ``now`` fixes the clock. ``recipient`` (an e-mail address or the
    subject's id) adds a check that the credential was awarded to that person.
    """
    report = VerificationReport()
    moment = now or datetime.now(UTC)
    resolver = resolver or KeyResolver(fetcher)
    options = _Options(resolver, fetcher, moment, check_status, algorithms, recipient)
    try:
        _verify_into(report, subject, options, depth=0, endorsements=verify_endorsements)
    except Exception as e:
        # The contract is "never raises": a bug met on hostile input becomes a failed check.
        report.add(
            "internal", "fail", "INTERNAL_ERROR", f"Verification stopped unexpectedly: {e!r}"
        )
    return report


class _Options:
    __slots__ = ("algorithms", "check_status", "fetcher", "now", "recipient", "resolver")

    def __init__(
        self,
        resolver: KeyResolver,
        fetcher: Fetcher | None,
        now: datetime,
        check_status: bool,
        algorithms: Collection[str],
        recipient: str | None,
    ) -> None:
        self.resolver = resolver
        self.fetcher = fetcher
        self.now = now
        self.check_status = check_status
        self.algorithms = algorithms
        self.recipient = recipient


def _verify_into(
    report: VerificationReport,
    subject: dict[str, Any] | str | bytes,
    options: _Options,
    *,
    depth: int,
    endorsements: bool,
) -> None:
    document, token = _read(report, subject)
    if document is None and token is None:
        return
    if token is not None and is_ob2(_peek(token)):
        document, token = {"@context": OB2_CONTEXT, "signed": token}, None
    if token is not None:
        document = _verify_token(report, token, options)
        if document is None:
            return
    if document is None:
        return
    if is_ob2(document):
        report.version = "ob2"
        verify_ob2(report, document, fetcher=options.fetcher, now=options.now)
        return
    report.version = report.version or "ob3"
    report.credential = document
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if isinstance(issuer_id, str):
        name = issuer.get("name") if isinstance(issuer, dict) else None
        report.issuer = {"id": issuer_id, "name": name if isinstance(name, str) else None}
    if not check_structure(report, document):
        return
    check_schema(report, document)
    if token is None or document.get("proof"):
        _check_proofs(report, document, issuer_id, options, required=token is None)
    check_dates(report, document, options.now)
    _check_status(report, document, options)
    if options.recipient is not None:
        check_recipient(report, document, options.recipient)
    if endorsements and depth < _MAX_ENDORSEMENT_DEPTH:
        _check_endorsements(report, document, options, depth)


def _read(
    report: VerificationReport, subject: dict[str, Any] | str | bytes
) -> tuple[dict[str, Any] | None, str | None]:
    """Detect the format; return (JSON document, None) or (None, compact JWS)."""
    if isinstance(subject, dict):
        report.format = "json"
        report.add("format", "pass", "FORMAT_JSON", "The credential was given as JSON.")
        return subject, None
    if isinstance(subject, bytes | bytearray):
        data = bytes(subject)
        head = data.lstrip()[:256].lower()
        if data.startswith(_PNG_SIGNATURE) or head.startswith((b"<svg", b"<?xml", b"<!--")):
            return _read_image(report, data)
        try:
            subject = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.add(
                "format",
                "fail",
                "FORMAT_UNKNOWN",
                "The file is not a credential: it is neither JSON, a JWT, PNG nor SVG.",
            )
            return None, None
    text = subject.strip()
    if is_compact_jws(text):
        report.format = "jwt"
        report.add(
            "format", "pass", "FORMAT_JWT", "The credential was given as a signed JWT (VC-JWT)."
        )
        return None, text
    try:
        document = load_json(text)
    except CredentialMalformed:
        report.add(
            "format",
            "fail",
            "FORMAT_UNKNOWN",
            "The input is not a credential: it is neither JSON, a JWT, PNG nor SVG.",
        )
        return None, None
    if not isinstance(document, dict):
        report.add(
            "format", "fail", "FORMAT_UNKNOWN", "The input is JSON but not a credential object."
        )
        return None, None
    report.format = "json"
    report.add("format", "pass", "FORMAT_JSON", "The credential was given as JSON.")
    return document, None


def _read_image(
    report: VerificationReport, data: bytes
) -> tuple[dict[str, Any] | None, str | None]:
    report.format = "png" if data.startswith(_PNG_SIGNATURE) else "svg"
    try:
        found = extract(data)
    except VcError as e:
        report.add(
            "format",
            "fail",
            e.code,
            f"No credential could be read from the {report.format.upper()} image: {e}",
        )
        return None, None
    report.version = found.version
    where = f"The credential was read from a baked {report.format.upper()} image"
    if found.url is not None:
        report.add(
            "format", "pass", "FORMAT_BAKED", f"{where} (an Open Badges 2.0 hosted assertion link)."
        )
        return {"@context": OB2_CONTEXT, "id": found.url, "verification": {"type": "hosted"}}, None
    report.add("format", "pass", "FORMAT_BAKED", f"{where}.")
    if found.jwt is not None and found.version == "ob2":
        return {"@context": OB2_CONTEXT, "signed": found.jwt}, None
    return found.credential, found.jwt


def _verify_token(
    report: VerificationReport, token: str, options: _Options
) -> dict[str, Any] | None:
    try:
        verified = verify_jwt(
            token,
            resolver=options.resolver,
            fetcher=options.fetcher,
            algorithms=options.algorithms,
            check_dates=False,
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


def _check_proofs(
    report: VerificationReport,
    document: dict[str, Any],
    issuer_id: Any,
    options: _Options,
    *,
    required: bool,
) -> None:
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
        resolver=options.resolver,
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


def _check_status(report: VerificationReport, document: dict[str, Any], options: _Options) -> None:
    if "credentialStatus" not in document:
        report.add(
            "status",
            "pass",
            "NO_STATUS",
            "The issuer did not publish a revocation status for this credential.",
        )
        return
    if not options.check_status or options.fetcher is None:
        report.add(
            "status",
            "skip",
            "STATUS_NOT_CHECKED",
            "Revocation was not checked (no network access was allowed).",
        )
        return

    def verify_list(list_credential: dict[str, Any]) -> bool:
        return any(r.ok for r in verify_proofs(list_credential, resolver=options.resolver))

    results = check_status(
        document, fetcher=options.fetcher, verify_list=verify_list, now=options.now
    )
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


def _check_endorsements(
    report: VerificationReport, document: dict[str, Any], options: _Options, depth: int
) -> None:
    found = [e for e in _endorsements(document) if isinstance(e, dict)]
    for endorsement in found:
        inner = VerificationReport()
        _verify_into(inner, endorsement, options, depth=depth + 1, endorsements=False)
        report.endorsements.append(inner)
    if found:
        good = sum(1 for e in report.endorsements if e.valid)
        status: CheckStatus = "pass" if good == len(found) else "warn"
        report.add(
            "endorsements",
            status,
            "ENDORSEMENTS_CHECKED",
            f"{good} of {len(found)} endorsement(s) verified.",
        )


def _endorsements(document: dict[str, Any]) -> list[Any]:
    """Embedded EndorsementCredentials of the credential, its issuer and its achievement."""
    holders: list[Any] = [document, document.get("issuer")]
    subject = document.get("credentialSubject")
    if isinstance(subject, dict):
        holders.append(subject.get("achievement"))
    found: list[Any] = []
    for holder in holders:
        if isinstance(holder, dict):
            value = holder.get("endorsement") or []
            found.extend(value if isinstance(value, list) else [value])
    return found
