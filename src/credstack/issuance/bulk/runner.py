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

:func:`work_job` runs the steps chunk after chunk. On PostgreSQL the database work runs
behind the signing: a second thread of the worker, on its own connection, claims chunk k+1
and stores chunk k-1 while chunk k is signed, so the database's share of the work -- the
``COPY``, the index writes, the commit's WAL flush, about a third of a chunk's time --
overlaps signing instead of following it. The job is finished only after every store, and a
store that fails stops the worker with its error (its rows come back after their lease,
like those of any worker that died).
"""

from __future__ import annotations

import fcntl
import gc
import os
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from ..models import BulkJob, BulkJobRow
from .batch import ACTIVE, Claimed
from .claim import claim_chunk
from .signing import BatchIssuer, Signed
from .store import store_chunk

__all__ = [
    "claim_chunk",
    "finish_if_complete",
    "process_chunk",
    "sign_chunk",
    "store_chunk",
    "work_job",
]

T = TypeVar("T")
Row = BulkJobRow.State
LOCK_RETRIES = 40


def worker_name() -> str:
    """Who claims rows: host and process (shown in the report; two workers differ)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def sign_chunk(
    job: BulkJob, claimed: list[Claimed], batch: BatchIssuer | None = None
) -> list[tuple[Claimed, Signed]]:
    """Step 2: build and sign every claimed award's credential, outside any transaction,
    from the facts the claim read (no second read of the awards), with ``batch`` when given
    (the BatchIssuer of the job's earlier chunks)."""
    if not claimed:
        return []
    issuer = batch or BatchIssuer(job.issuer, job.credential)
    return [(c, issuer.sign(c.facts, c.issued_at)) for c in claimed]


class _Batches:
    """One BatchIssuer for all the chunks a worker works in one go (a task's slice, at most
    ``BULK_TASK_SLICE_SECONDS``): reading the rule and the product, decrypting the key and checking
    each document variant against the schema cost about 12 ms, once per slice instead of once
    per chunk. A rule edited or a key rotated meanwhile applies from the next slice (an
    earlier key stays published, so what it signed still verifies)."""

    def __init__(self) -> None:
        self._batch: BatchIssuer | None = None

    def sign(self, job: BulkJob, claimed: list[Claimed]) -> list[tuple[Claimed, Signed]]:
        if claimed and self._batch is None:
            self._batch = BatchIssuer(job.issuer, job.credential)
        return sign_chunk(job, claimed, self._batch)


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


def process_chunk(job_id: int, worker: str | None = None, batches: _Batches | None = None) -> bool:
    """Claim, sign and store one chunk of ``job_id``; True while the job has rows to claim."""
    _settle_process()
    name = worker or worker_name()
    job, claimed, count = _patiently(lambda: claim_chunk(job_id, name))
    if job is None:
        return False
    if count == 0:
        _patiently(lambda: finish_if_complete(job_id))
        return False
    signed = (batches or _Batches()).sign(job, claimed)
    _patiently(lambda: store_chunk(job, signed))
    return True


def work_job(job_id: int, worker: str | None = None, *, seconds: float | None = None) -> bool:
    """Work chunks of ``job_id`` until no row is left to claim, or for about ``seconds``;
    True while the job has rows to claim (the caller hands over to a successor).

    On PostgreSQL the database work runs behind the signing (module docstring); elsewhere
    each chunk is :func:`process_chunk`: SQLite has one writer, so a store cannot overlap the
    next claim, and its driver takes the interpreter's lock back for every row it writes.
    Inside a transaction (the immediate task backend in a test) chunks run one after another
    too.
    """
    deadline = None if seconds is None else time.monotonic() + seconds
    name = worker or worker_name()
    batches = _Batches()
    if not _writes_behind():
        while process_chunk(job_id, name, batches):
            if deadline is not None and time.monotonic() > deadline:
                return True
        return False
    _settle_process()
    with _DatabaseThread() as db:
        claim = db.run(claim_chunk, job_id, name)
        while True:
            job, claimed, count = db.result(claim)
            if job is None:
                return False
            if count == 0:
                db.result(db.run(finish_if_complete, job_id))  # after every store before it
                return False
            more = deadline is None or time.monotonic() <= deadline
            if more:
                claim = db.run(claim_chunk, job_id, name)  # claimed while this chunk is signed
            db.store(store_chunk, job, batches.sign(job, claimed))
            if not more:
                return True


def _writes_behind() -> bool:
    """Whether the database work may run on a thread of its own: on PostgreSQL, and only
    when the caller holds no transaction open (another connection could not see what it has
    not committed)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


class _DatabaseThread:
    """One thread, with its own connection, running a worker's claims and stores in the
    order they are handed over, while the worker signs.

    The order makes the pipeline: the claim of chunk k+1 is handed over before chunk k is
    signed, its store after, so the thread claims k+1 and stores k-1 while k is signed, and a
    claim and a store of one worker never run at the same time. A store's error is raised at
    the next hand-over (or on leaving); its rows come back after their lease, like those of a
    worker that died.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="bulk-db")
        self._stores: list[Future[None]] = []

    def __enter__(self) -> _DatabaseThread:
        return self

    def run(self, work: Callable[..., T], *args: object) -> Future[T]:
        return self._pool.submit(work, *args)

    def store(self, work: Callable[..., None], *args: object) -> None:
        self._stores.append(self._pool.submit(work, *args))

    def result(self, future: Future[T]) -> T:
        """``future``'s result, once every store handed over before it has succeeded."""
        value = future.result()
        self._check(done_only=True)
        return value

    def _check(self, *, done_only: bool) -> None:
        while self._stores and (not done_only or self._stores[0].done()):
            self._stores.pop(0).result()

    def __exit__(self, *exc: object) -> None:
        try:
            self._check(done_only=False)
        finally:
            self._pool.submit(connections.close_all).result()
            self._pool.shutdown()


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
