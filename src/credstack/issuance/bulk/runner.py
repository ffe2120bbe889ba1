"""Working a bulk job: claim a chunk of rows, issue their awards exactly once, record results.

Exactly-once rests on the database, in three steps per chunk (batch.py has the details):

1. *Claim* (one short transaction, ``claim.claim_chunk``). Pending rows -- and rows whose
   claim lease ran out because their worker died -- are locked with ``SELECT … FOR UPDATE
   SKIP LOCKED`` on PostgreSQL, so concurrent workers take disjoint chunks; on SQLite bulk
   workers take turns on a file lock and IMMEDIATE transactions serialise the rest. Each row
   released at once gets a credential id and a status index under ONE lock of the list.
2. *Sign* (no transaction, no locks): signing.BatchIssuer, so workers sign in parallel.
3. *Store* (one short transaction, ``store.store_chunk``): the awards are inserted keyed by
   their unique (lineage, recipient, ``source="csv"``, ``source_event="bulk:<job>:<row>"``),
   so a row stored twice still has one award; rows move claimed → done, and the job's
   counters grow by the number of rows that actually moved, so a row is never counted twice
   either.

A worker killed at any point loses at most its uncommitted step: claimed rows come back when
their lease expires and get fresh indices (the dead worker's are never used).
"""

from __future__ import annotations

import fcntl
import gc
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from ..models import BulkJob, BulkJobRow
from .batch import ACTIVE, Claimed
from .claim import claim_chunk
from .signing import BatchIssuer, Signed
from .store import store_chunk

__all__ = ["claim_chunk", "finish_if_complete", "process_chunk", "sign_chunk", "store_chunk"]

T = TypeVar("T")
Row = BulkJobRow.State
LOCK_RETRIES = 40


def worker_name() -> str:
    """Who claims rows: host and process (shown in the report; two workers differ)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def sign_chunk(job: BulkJob, claimed: list[Claimed]) -> list[tuple[Claimed, Signed]]:
    """Step 2: build and sign every claimed award's credential, outside any transaction,
    from the facts the claim read (no second read of the awards)."""
    if not claimed:
        return []
    issuer = BatchIssuer(job.issuer, job.credential)
    return [(c, issuer.sign(c.facts, c.issued_at)) for c in claimed]


def finish_if_complete(job_id: int) -> bool:
    """Mark the job done when no row is left to issue; True when it is finished."""
    with transaction.atomic():
        if BulkJobRow.objects.filter(job_id=job_id, state__in=[Row.PENDING, Row.CLAIMED]).exists():
            return False
        BulkJob.objects.filter(pk=job_id, state__in=ACTIVE).update(
            state=BulkJob.State.DONE, finished_at=timezone.now()
        )
        return True


def _patiently(work: Callable[[], T]) -> T:
    """Run ``work`` (one transaction), retrying while SQLite reports its write lock busy.

    SQLite has one writer at a time. Bulk workers take turns through an OS file lock beside
    the database first (:func:`_writers_in_turn`): a waiting worker sleeps in the kernel and
    wakes the moment the other one commits, where SQLite's own busy handler polls with sleeps
    of up to 100 ms. Under load from other writers a worker may still wait longer than the
    connection's busy timeout; waiting and retrying is right: the transaction was rolled back
    whole.
    """
    for attempt in range(LOCK_RETRIES):
        try:
            with _writers_in_turn():
                return work()
        except OperationalError as e:
            if "locked" not in str(e) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@contextmanager
def _writers_in_turn() -> Iterator[None]:
    """Hold the bulk writers' file lock of an SQLite database file (nothing elsewhere)."""
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or not name or name == ":memory:" or "mode=memory" in name:
        yield
        return
    with open(f"{name}.bulk-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def process_chunk(job_id: int, worker: str | None = None) -> bool:
    """Claim, sign and store one chunk of ``job_id``; True while the job has rows to claim."""
    _settle_process()
    name = worker or worker_name()
    job, claimed, count = _patiently(lambda: claim_chunk(job_id, name))
    if job is None:
        return False
    if count == 0:
        _patiently(lambda: finish_if_complete(job_id))
        return False
    signed = sign_chunk(job, claimed)
    _patiently(lambda: store_chunk(job, signed))
    return True


_settled = False


def _settle_process() -> None:
    """Once per worker process, before its first chunk: move what is alive then (Django, the
    apps, their modules and settings: kept for the process's life) out of the cyclic garbage
    collector's sight.

    A job allocates many short-lived objects, so full collections run often, and each would
    rescan all of those long-lived ones. ``gc.freeze()`` is the standard remedy for
    long-lived worker processes (measured on a 10,000-award job: about a tenth of its time).
    """
    global _settled
    if not _settled:
        _settled = True
        gc.freeze()
