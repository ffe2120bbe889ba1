"""Status indices for a whole chunk of bulk awards under ONE lock of the issuer's list.

``services.status_lists.allocate_index`` takes one index per call under the revocation list's
row lock: the high-water mark ``next_index`` moves forward by one and the index is the list's
keyed permutation of the mark (``vc.status.IndexAllocator``, BSL §6.2: indices look random).
A bulk chunk needs a hundred at once, so it takes the lock once and moves the mark by the
number needed; ``IndexAllocator.allocate_many`` maps marks to indices with the same
permutation, so the indices are exactly those a hundred ``allocate_index`` calls would give.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from credstack.vc.status import IndexAllocator

from ..models import Award, IssuerProfile, StatusList
from ..services.status_lists import create_lists

# Sequences opened in one allocation before giving up (one is the rule: a list holds 131,072).
MAX_NEW_LISTS = 8


class StatusListExhausted(RuntimeError):
    """The issuer's revocation lists could not supply the indices (should never happen)."""


def _locked_list(issuer: IssuerProfile) -> StatusList | None:
    return (
        StatusList.objects.select_for_update()
        .filter(issuer=issuer, purpose=StatusList.Purpose.REVOCATION)
        .order_by("-sequence")
        .first()
    )


def reserve_indices(issuer: IssuerProfile, awards: list[Award]) -> None:
    """Give every award without a status index one, under one lock of the current list.

    Call inside a transaction. Awards that hold an index keep it. A full list is followed by
    the next sequence, opened as ``allocate_index`` opens it (a racing opener loses on the
    unique constraint in a savepoint and uses the winner's list).
    """
    need = [a for a in awards if a.status_index is None]
    given, opened = 0, 0
    while given < len(need):
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
        take = min(len(need) - given, current.size - current.next_index)
        allocator = IndexAllocator(current.size, bytes(current.allocator_key or b"") or None)
        indices, current.next_index = allocator.allocate_many(current.next_index, take)
        current.save(update_fields=["next_index", "updated_at"])
        for award, index in zip(need[given : given + take], indices, strict=True):
            award.status_list, award.status_index = current, index
        given += take
    if need:
        Award.objects.bulk_update(need, ["status_list", "status_index"])
