"""Status indices for a whole chunk of bulk awards under ONE lock of the issuer's list.

``services.status_lists.allocate_index`` takes one index per call under the revocation list's
row lock: the high-water mark ``next_index`` moves forward by one and the index is the list's
keyed permutation of the mark (``vc.status.IndexAllocator``, BSL §6.2: indices look random).
A bulk chunk needs hundreds at once, so it takes the lock once and moves the mark by the
number needed; ``IndexAllocator.allocate_many`` maps marks to indices with the same
permutation, so the indices are exactly those as many ``allocate_index`` calls would give.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from credstack.vc.status import IndexAllocator

from ..models import IssuerProfile, StatusList
from ..services.status_lists import create_lists

# Sequences opened in one allocation before giving up (one is the rule: a list holds 131,072).
MAX_NEW_LISTS = 8


class StatusListExhausted(RuntimeError):
    """The issuer's revocation lists could not supply the indices (should never happen)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One status index on one of the issuer's revocation lists."""

    list_id: int
    sequence: int
    index: int


def _locked_list(issuer: IssuerProfile) -> StatusList | None:
    """The issuer's current revocation list, locked against other allocations.

    ``FOR NO KEY UPDATE`` (PostgreSQL), not ``FOR UPDATE``: the list's mark changes, never
    its key, and a transaction inserting awards checks their (deferred) foreign key to the
    list with ``FOR KEY SHARE`` at commit. Under ``FOR UPDATE`` a claim holding the list and
    waiting for the job's row would deadlock with a store holding the job's row and checking
    that key; under this lock the store's check does not wait.
    """
    return (
        StatusList.objects.select_for_update(no_key=True)
        .filter(issuer=issuer, purpose=StatusList.Purpose.REVOCATION)
        .order_by("-sequence")
        .first()
    )


def take_slots(issuer: IssuerProfile, count: int) -> list[Slot]:
    """``count`` fresh status indices of ``issuer``, each under one lock of the current list.

    Call inside the transaction that stores them on awards: if it rolls back, the mark moves
    back with it. A full list is followed by the next sequence, opened as ``allocate_index``
    opens it (a racing opener loses on the unique constraint in a savepoint and uses the
    winner's list).
    """
    slots: list[Slot] = []
    opened = 0
    while len(slots) < count:
        current = _locked_list(issuer)
        if current is None or current.next_index >= current.size:
            if opened == MAX_NEW_LISTS:
                raise StatusListExhausted(f"issuer {issuer.pk}: no status list has room")
            opened += 1
            try:
                with transaction.atomic():
                    create_lists(issuer, current.sequence + 1 if current is not None else 1)
            except IntegrityError:
                pass
            continue
        take = min(count - len(slots), current.size - current.next_index)
        allocator = IndexAllocator(current.size, bytes(current.allocator_key or b"") or None)
        indices, current.next_index = allocator.allocate_many(current.next_index, take)
        current.save(update_fields=["next_index", "updated_at"])
        slots += [Slot(current.pk, current.sequence, index) for index in indices]
    return slots
