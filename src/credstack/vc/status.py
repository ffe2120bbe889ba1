"""W3C Bitstring Status List 1.0: building status lists and checking a credential's status.

Issuer side: :class:`StatusList` (the bits), :func:`status_list_credential` (the unsigned
``BitstringStatusListCredential`` of BSL §2.2; the caller secures it with
:func:`credstack.vc.proofs.sign`, BSL §3.6), :func:`status_entry` (the
``BitstringStatusListEntry`` of BSL §2.1 that goes into ``credentialStatus``) and
:class:`IndexAllocator` (unique, random-looking indices from a persisted counter).

Verifier side: :func:`check_status` runs the BSL §3.2 "Validate Algorithm" for every entry of a
credential, through the caller's :class:`~credstack.vc.fetch.Fetcher` and the caller's proof
check, and reports each outcome as a :class:`StatusResult`. It never raises on bad input: a
verifier needs an explanation, not a stack trace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ._bitstring import (
    DEFAULT_MAX_LIST_BYTES,
    MIN_ENTRIES,
    StatusList,
    decode_bitstring,
    read_entry,
)
from ._bitstring_alloc import Allocation, IndexAllocator
from .errors import StatusError, StatusListTooLarge
from .fetch import Fetcher

__all__ = [
    "MIN_ENTRIES",
    "Allocation",
    "IndexAllocator",
    "StatusList",
    "StatusResult",
    "check_status",
    "status_entry",
    "status_list_credential",
]

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
EntryPurpose = Literal["revocation", "suspension"]
_ENTRY_PURPOSES = ("revocation", "suspension")
_LIST_PURPOSES = ("revocation", "suspension", "refresh", "message")
_ACCEPT = (
    "application/vc+ld+json, application/vc, application/ld+json;q=0.9, application/json;q=0.8"
)
# statusSize is "an integer greater than zero" (BSL §2.1); bigger than a byte is no real use and
# would let a hostile entry make us read huge spans.
_MAX_STATUS_SIZE = 8
_MAX_INDEX_DIGITS = 18


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise StatusError(f"timestamp {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_credential(
    list_url: str,
    *,
    issuer: str | Mapping[str, Any],
    status_list: StatusList,
    valid_from: datetime,
    purpose: str = "revocation",
    valid_until: datetime | None = None,
    ttl: int | None = None,
) -> dict[str, Any]:
    """Build the unsigned ``BitstringStatusListCredential`` published at ``list_url`` (BSL §2.2).

    ``credentialSubject.id`` is ``<list_url>#list`` (the BSL examples' shape), distinct from the
    credential ``id`` and from every entry ``id``. ``ttl`` is in milliseconds (BSL §2.2). The
    result carries no proof: sign it with ``proofs.sign`` as you sign the credentials it covers.
    """
    if not isinstance(list_url, str) or not list_url:
        raise StatusError("the status list URL must be a non-empty string")
    if purpose not in _LIST_PURPOSES:
        raise StatusError(f"unknown statusPurpose {purpose!r}; expected one of {_LIST_PURPOSES}")
    subject: dict[str, Any] = {
        "id": f"{list_url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": status_list.encode(),
    }
    if ttl is not None:
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0:
            raise StatusError(f"ttl must be a positive number of milliseconds, not {ttl!r}")
        subject["ttl"] = ttl
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer if isinstance(issuer, str) else dict(issuer),
        "validFrom": _timestamp(valid_from),
    }
    if valid_until is not None:
        if valid_until <= valid_from:
            raise StatusError("validUntil must be later than validFrom")
        credential["validUntil"] = _timestamp(valid_until)
    credential["credentialSubject"] = subject
    return credential


def status_entry(list_url: str, index: int, purpose: EntryPurpose = "revocation") -> dict[str, str]:
    """Build the ``BitstringStatusListEntry`` for a credential's ``credentialStatus`` (BSL §2.1).

    ``statusListIndex`` is a base-10 string as BSL requires. ``id`` is ``<list_url>#<index>``:
    optional in BSL but required by the OB 3.0 schema, and never equal to the list URL.
    """
    if not isinstance(list_url, str) or not list_url:
        raise StatusError("the status list URL must be a non-empty string")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise StatusError(f"statusListIndex must be a non-negative int, not {index!r}")
    if purpose not in _ENTRY_PURPOSES:
        raise StatusError(f"statusPurpose must be revocation or suspension, not {purpose!r}")
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The outcome of checking one ``credentialStatus`` entry.

    ``ok`` says the check could be completed; then ``set`` says whether the status bit is on
    (revoked for ``revocation``, suspended for ``suspension``) and ``code`` is ``STATUS_SET`` or
    ``STATUS_CLEAR``. When ``ok`` is false, ``code`` is a BSL §3.5 error name
    (``STATUS_RETRIEVAL_ERROR``, ``STATUS_VERIFICATION_ERROR``, ``STATUS_LIST_LENGTH_ERROR``,
    ``RANGE_ERROR``, ``MALFORMED_VALUE_ERROR``) or one of ours (``UNSUPPORTED_STATUS_TYPE``,
    ``STATUS_LIST_TOO_LARGE``, ``STATUS_LIST_EXPIRED``, ``STATUS_LIST_NOT_YET_VALID``).
    """

    ok: bool
    code: str
    message: str
    purpose: str | None = None
    index: int | None = None
    set: bool = False
    value: int = 0
    list_url: str | None = None
    list_verified: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the result."""
        return asdict(self)


class _Failure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


VerifyList = Callable[[dict[str, Any]], bool]


def check_status(
    credential: object,
    *,
    fetcher: Fetcher,
    verify_list: VerifyList | None = None,
    now: datetime | None = None,
    max_list_bytes: int = DEFAULT_MAX_LIST_BYTES,
) -> list[StatusResult]:
    """Check every ``credentialStatus`` entry of ``credential`` (BSL §3.2 "Validate Algorithm").

    ``credentialStatus`` may be one object or an array (VCDM 2.0 §4.10). Each list credential is
    fetched once through ``fetcher``; ``verify_list(list_credential)`` must return ``True`` for
    its proofs to count as verified (pass ``None`` only when the caller checks them elsewhere:
    results then say ``list_verified=False``). The list's ``validFrom``/``validUntil`` are
    checked against ``now`` (default: the current UTC time). Returns ``[]`` when the credential
    has no status; never raises on bad input.
    """
    moment = now if now is not None else datetime.now(UTC)
    if not isinstance(credential, Mapping) or "credentialStatus" not in credential:
        return []
    raw = credential["credentialStatus"]
    entries = raw if isinstance(raw, list) else [raw]
    cache: dict[str, dict[str, Any] | _Failure] = {}
    results = []
    for entry in entries:
        purpose, index, url = None, None, None
        try:
            purpose, index, url, size = _parse_entry(entry)
            listed = _fetch_list(url, fetcher, verify_list, cache)
            value = _read_status(listed, purpose, index, size, moment, max_list_bytes)
        except _Failure as failure:
            results.append(
                StatusResult(False, failure.code, failure.message, purpose, index, list_url=url)
            )
            continue
        verified = verify_list is not None
        if value:
            message = f"The status list {url} marks this credential for {purpose} (index {index})."
        else:
            message = f"The status list {url} does not mark this credential for {purpose}."
        results.append(
            StatusResult(
                True,
                "STATUS_SET" if value else "STATUS_CLEAR",
                message,
                purpose,
                index,
                set=bool(value),
                value=value,
                list_url=url,
                list_verified=verified,
            )
        )
    return results


def _types(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _parse_entry(entry: object) -> tuple[str, int, str, int]:
    if not isinstance(entry, Mapping):
        raise _Failure("MALFORMED_VALUE_ERROR", "a credentialStatus entry is not an object")
    if "BitstringStatusListEntry" not in _types(entry.get("type")):
        raise _Failure(
            "UNSUPPORTED_STATUS_TYPE",
            f"credentialStatus type {entry.get('type')!r} is not BitstringStatusListEntry",
        )
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise _Failure("MALFORMED_VALUE_ERROR", "statusPurpose is missing or not a string")
    raw_index = entry.get("statusListIndex")
    # BSL wants a base-10 string; some issuers (and the 1EdTech validator fixture) write a
    # JSON integer. Both are read; anything else (floats, signs, spaces, bools) is refused.
    if isinstance(raw_index, int) and not isinstance(raw_index, bool) and raw_index >= 0:
        index = raw_index
    elif (
        isinstance(raw_index, str)
        and raw_index.isascii()
        and raw_index.isdigit()
        and len(raw_index) <= _MAX_INDEX_DIGITS
    ):
        index = int(raw_index)
    else:
        raise _Failure("MALFORMED_VALUE_ERROR", f"statusListIndex {raw_index!r} is not base-10")
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not url:
        raise _Failure("MALFORMED_VALUE_ERROR", "statusListCredential is missing or not a URL")
    size = entry.get("statusSize", 1)
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= _MAX_STATUS_SIZE:
        raise _Failure("MALFORMED_VALUE_ERROR", f"statusSize {size!r} is not supported")
    return purpose, index, url, size


def _fetch_list(
    url: str,
    fetcher: Fetcher,
    verify_list: VerifyList | None,
    cache: dict[str, dict[str, Any] | _Failure],
) -> dict[str, Any]:
    if url not in cache:
        try:
            cache[url] = _load_list(url, fetcher, verify_list)
        except _Failure as failure:
            cache[url] = failure
    cached = cache[url]
    if isinstance(cached, _Failure):
        raise cached
    return cached


def _load_list(url: str, fetcher: Fetcher, verify_list: VerifyList | None) -> dict[str, Any]:
    try:
        fetched = fetcher(url, accept=_ACCEPT)
    # The fetcher is the caller's code; whatever it raises means "could not dereference".
    except Exception as e:
        raise _Failure(
            "STATUS_RETRIEVAL_ERROR", f"the status list {url} could not be fetched: {e}"
        ) from e
    try:
        document = json.loads(fetched.content)
    except (ValueError, RecursionError) as e:
        raise _Failure("STATUS_RETRIEVAL_ERROR", f"the status list {url} is not JSON") from e
    if not isinstance(document, dict):
        raise _Failure("STATUS_RETRIEVAL_ERROR", f"the status list {url} is not a JSON object")
    if "BitstringStatusListCredential" not in _types(document.get("type")):
        raise _Failure(
            "STATUS_VERIFICATION_ERROR",
            f"the document at {url} is not a BitstringStatusListCredential",
        )
    # A list served at one URL but naming another could be a replayed list of another issuer.
    if "id" in document and document["id"] != url:
        raise _Failure(
            "STATUS_VERIFICATION_ERROR", f"the status list at {url} names itself {document['id']!r}"
        )
    if verify_list is not None:
        try:
            verified = verify_list(document) is True
        except Exception as e:  # the caller's proof check failing is a verification failure
            raise _Failure(
                "STATUS_VERIFICATION_ERROR", f"the status list {url} could not be verified: {e}"
            ) from e
        if not verified:
            raise _Failure(
                "STATUS_VERIFICATION_ERROR", f"the status list {url} failed verification"
            )
    return document


def _parse_time(document: Mapping[str, Any], key: str) -> datetime | None:
    raw = document.get(key)
    if raw is None:
        return None
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        moment = datetime.fromisoformat(raw)
    except ValueError as e:
        raise _Failure(
            "MALFORMED_VALUE_ERROR", f"the status list {key} {raw!r} is not a date"
        ) from e
    if moment.tzinfo is None:
        raise _Failure("MALFORMED_VALUE_ERROR", f"the status list {key} {raw!r} has no time zone")
    return moment


def _read_status(
    document: dict[str, Any],
    purpose: str,
    index: int,
    size: int,
    now: datetime,
    max_list_bytes: int,
) -> int:
    url = document.get("id", "")
    valid_from = _parse_time(document, "validFrom")
    valid_until = _parse_time(document, "validUntil")
    if valid_from is not None and now < valid_from:
        raise _Failure(
            "STATUS_LIST_NOT_YET_VALID", f"the status list {url} is not valid until {valid_from}"
        )
    if valid_until is not None and now > valid_until:
        raise _Failure("STATUS_LIST_EXPIRED", f"the status list {url} expired at {valid_until}")
    subject = document.get("credentialSubject")
    if not isinstance(subject, Mapping):
        raise _Failure("MALFORMED_VALUE_ERROR", "the status list has no credentialSubject object")
    # BSL §3.2 step 5 notes that a list may carry several purposes.
    if purpose not in _types(subject.get("statusPurpose")):
        raise _Failure(
            "STATUS_VERIFICATION_ERROR",
            f"the entry's purpose {purpose!r} is not the list's {subject.get('statusPurpose')!r}",
        )
    try:
        bits = decode_bitstring(subject.get("encodedList"), max_bytes=max_list_bytes)  # type: ignore[arg-type]
    except StatusListTooLarge as e:
        raise _Failure("STATUS_LIST_TOO_LARGE", str(e)) from e
    except StatusError as e:
        raise _Failure("MALFORMED_VALUE_ERROR", str(e)) from e
    entries = len(bits) * 8 // size
    if entries < MIN_ENTRIES:
        raise _Failure(
            "STATUS_LIST_LENGTH_ERROR",
            f"the status list holds {entries} entries, below {MIN_ENTRIES}",
        )
    if index >= entries:
        raise _Failure(
            "RANGE_ERROR", f"statusListIndex {index} is outside the list's {entries} entries"
        )
    return read_entry(bits, index, size)
