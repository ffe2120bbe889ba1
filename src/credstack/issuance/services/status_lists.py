"""The issuer's Bitstring Status Lists: index allocation, bit changes, signed publication.

Decision 0002: every credential carries ONE ``BitstringStatusListEntry`` (purpose revocation);
suspension lives on a companion list of the same sequence at the same index. Indices come from
the revocation list's high-water mark (``next_index``) under a row lock and go through the
list's keyed permutation (``vc.status.IndexAllocator``), so they look random (BSL §6.2) and
are never handed out twice; the suspension list never allocates, so the same index is
reserved there by construction.

Publication (BSL §2.2, §3.6): the list is served as a ``BitstringStatusListCredential`` signed
by the issuer's current key. A change bumps ``version``; the signed JSON is cached per version
and re-signed on the first read after a change, so a revocation is visible at once.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.vc.proofs import sign
from credstack.vc.status import IndexAllocator, status_entry, status_list_credential
from credstack.vc.status import StatusList as Bits

from ..models import Award, IssuerProfile, StatusList
from .issuers import absolute, issuer_url, signing_key, verification_method

LIST_SIZE = 131072
# How long a verifier may cache a list (BSL §2.2 ``ttl``, milliseconds) and HTTP max-age.
TTL_SECONDS = 300
Purpose = StatusList.Purpose
# How far a list credential's validFrom is set back from the list's last change (BSL §2.2
# lets the issuer choose validFrom). A verifier rejects a list whose validFrom is after its own
# clock (STATUS_LIST_NOT_YET_VALID); a verifier whose clock runs a little behind ours, reading
# a list changed a moment ago, would otherwise see a valid credential fail. Five minutes covers
# ordinary NTP drift and matches the skew JWT libraries allow by default.
CLOCK_SKEW_ALLOWANCE = timedelta(minutes=5)


def list_url(issuer: IssuerProfile, purpose: str, sequence: int) -> str:
    return absolute(f"/issuers/{issuer.slug}/status/{purpose}/{sequence}")


def create_lists(issuer: IssuerProfile, sequence: int) -> StatusList:
    """Create the revocation list ``sequence`` and its suspension companion; return the first."""
    lists = {}
    for purpose in (Purpose.REVOCATION, Purpose.SUSPENSION):
        lists[purpose] = StatusList.objects.create(
            issuer=issuer,
            purpose=purpose,
            sequence=sequence,
            size=LIST_SIZE,
            bits=bytes(LIST_SIZE // 8),
            allocator_key=os.urandom(32) if purpose == Purpose.REVOCATION else None,
        )
    return lists[Purpose.REVOCATION]


def _locked_current(issuer: IssuerProfile) -> StatusList | None:
    return (
        StatusList.objects.select_for_update(no_key=True)
        .filter(issuer=issuer, purpose=Purpose.REVOCATION)
        .order_by("-sequence")
        .first()
    )


def allocate_index(issuer: IssuerProfile) -> tuple[StatusList, int]:
    """Take the next index of the issuer's current revocation list (call inside a transaction).

    The row lock serialises concurrent issuers of the same issuer; the high-water mark only
    moves forward, so an index that went out with a credential is never given again. When a
    list is full, the next sequence is opened (a racing opener loses on the unique
    constraint inside a savepoint and then uses the winner's list).
    """
    current = _locked_current(issuer)
    if current is None or current.next_index >= current.size:
        sequence = current.sequence + 1 if current is not None else 1
        try:
            with transaction.atomic():
                create_lists(issuer, sequence)
        except IntegrityError:
            pass
        current = _locked_current(issuer)
        assert current is not None
    allocator = IndexAllocator(current.size, bytes(current.allocator_key or b"") or None)
    allocation = allocator.allocate(current.next_index)
    current.next_index = allocation.high_water
    current.save(update_fields=["next_index", "updated_at"])
    return current, allocation.index


def credential_status(issuer: IssuerProfile, status_list: StatusList, index: int) -> dict[str, str]:
    """The one ``credentialStatus`` entry of a credential (decision 0002)."""
    return status_entry(
        list_url(issuer, Purpose.REVOCATION, status_list.sequence), index, "revocation"
    )


def slot(award: Award) -> tuple[int, int]:
    """The (list sequence, index) an issued award holds on its issuer's lists."""
    if award.status_list is None or award.status_index is None:
        raise ValueError(f"award {award.pk} has no status list entry (it was never issued)")
    return award.status_list.sequence, award.status_index


def set_bit(issuer: IssuerProfile, purpose: str, sequence: int, index: int, value: bool) -> None:
    """Set or clear one status bit (inside the caller's transaction); bumps the list version."""
    row = StatusList.objects.select_for_update(no_key=True).get(
        issuer=issuer, purpose=purpose, sequence=sequence
    )
    bits = Bits.from_bytes(bytes(row.bits))
    if bits.get(index) == value:
        return
    bits.set(index, value)
    row.bits = bits.to_bytes()
    row.version += 1
    row.save(update_fields=["bits", "version", "updated_at"])


def published_list(issuer: IssuerProfile, purpose: str, sequence: int) -> StatusList | None:
    """The signed list credential (cached per version), or None when there is no such list.

    Signing happens on the first read after a change; the cache write is conditional on the
    version it signed, so a slow reader never overwrites a newer signature with an older one.
    """
    row = StatusList.objects.filter(issuer=issuer, purpose=purpose, sequence=sequence).first()
    if row is None:
        return None
    if row.signed_json is not None and row.signed_version == row.version:
        return row
    row.signed_json = _sign_list(issuer, row)
    row.signed_version = row.version
    StatusList.objects.filter(pk=row.pk, version=row.version).update(
        signed_json=row.signed_json, signed_version=row.version
    )
    return row


def list_valid_from(row: StatusList) -> datetime:
    """The ``validFrom`` of a list credential: its last change, less the clock-skew allowance.

    Signing is lazy (first read after a change), so neither "now" nor the change moment is
    safe for a verifier whose clock runs slightly behind; the list's bits are the same from
    the change onwards, and nothing earlier than the change is claimed beyond the allowance.
    """
    return (row.updated_at or timezone.now()) - CLOCK_SKEW_ALLOWANCE


def _sign_list(issuer: IssuerProfile, row: StatusList) -> dict[str, Any]:
    key_row, key = signing_key(issuer)
    document = status_list_credential(
        list_url(issuer, row.purpose, row.sequence),
        issuer=issuer_url(issuer),
        status_list=Bits.from_bytes(bytes(row.bits)),
        valid_from=list_valid_from(row),
        purpose=row.purpose,
        ttl=TTL_SECONDS * 1000,
    )
    return sign(
        document, key, verification_method=verification_method(issuer, key_row.public_multibase)
    )
