"""Working a bulk job: claim a chunk of rows, issue their awards exactly once, record results.

Exactly-once rests on the database, in three steps per chunk:

1. *Claim* (a short transaction). Pending rows -- and rows whose claim lease ran out because
   their worker died -- are locked with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
   concurrent workers take disjoint chunks; SQLite's IMMEDIATE transactions serialise the
   claim instead. Each row's award is created through the core trigger path
   (``request_award``) keyed by ``source="csv"``, ``source_event="bulk:<job>:<row>"``: a row
   claimed again finds the award it already has, never a twin. Awards to be auto-released get
   a status index from the core allocator (under the list's row lock) stored ON the award, so
   a retried row reuses its own index and no index is ever given to two credentials.
2. *Sign* (no transaction, no locks): signing.BatchIssuer, so workers sign in parallel.
3. *Store* (a short transaction): each award is issued only if it still has no credential
   (re-read under lock); rows move claimed → done, and the job's counters grow by the number
   of rows that actually moved, so a row is never counted twice either.

A worker killed at any point loses at most its uncommitted step: claimed rows come back when
their lease expires, with their awards and indices. Indices reserved by a chunk that is
retried are reused; none is handed out twice.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.problems import Problem

from ..models import Award, AwardSource, AwardStatus, BulkJob, BulkJobRow, EvidenceSharing
from ..services.delivery import send_claim_email
from ..services.recipients import RecipientInput
from ..services.rules import rule_for
from ..services.status_lists import allocate_index
from ..services.triggers import AwardRequest, request_award
from .csvfile import issue_moment
from .signing import BatchIssuer, Signed

T = TypeVar("T")
Row = BulkJobRow.State
LOCK_RETRIES = 40
ACTIVE = (BulkJob.State.QUEUED, BulkJob.State.RUNNING)


def worker_name() -> str:
    """Who claims rows: host and process (shown in the report; two workers differ)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def lease() -> timedelta:
    return timedelta(seconds=settings.BULK_CLAIM_LEASE_SECONDS)


def event_for(job: BulkJob, number: int) -> str:
    return f"bulk:{job.pk}:{number}"


@dataclass(frozen=True)
class Claimed:
    row_id: int
    award_id: int
    issued_at: Any  # datetime | None, from the row's issue date


def _already_awarded(job: BulkJob, rows: list[BulkJobRow]) -> set[str]:
    """Recipients of ``rows`` holding a live award of this credential from another event."""
    keys = {r.data.get("_key", "") for r in rows}
    now = timezone.now()
    return set(
        Award.objects.filter(
            credential_lineage=job.credential.lineage,
            recipient_key__in=keys,
            status__in=[AwardStatus.ISSUED, AwardStatus.SUSPENDED, AwardStatus.PENDING_APPROVAL],
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .exclude(source=AwardSource.CSV, source_event__startswith=f"bulk:{job.pk}:")
        .values_list("recipient_key", flat=True)
    )


def _request(job: BulkJob, row: BulkJobRow) -> AwardRequest:
    data = row.data
    return AwardRequest(
        credential=job.credential,
        source=AwardSource.CSV,
        source_event=event_for(job, row.number),
        recipient=RecipientInput(
            email=data.get("email", ""), name=data.get("name", ""), did=data.get("did", "")
        ),
        narrative=data.get("narrative", ""),
        evidence_url=data.get("evidence_url", ""),
        evidence_consent=job.summary.get("evidence_consent", EvidenceSharing.NONE.value),
        result={"value": data["result"]} if data.get("result") else None,
        requested_by=job.created_by,
    )


def _finish_row(row: BulkJobRow, state: str, message: str, award: Award | None = None) -> None:
    row.state, row.message = state, message[:1000]
    row.award = award
    row.save(update_fields=["state", "message", "award"])


def claim_chunk(job_id: int, worker: str) -> tuple[BulkJob | None, list[Claimed], int]:
    """Step 1: claim rows, create or find their awards, reserve status indices.

    Returns the job (None when it is not active), the awards to sign, and how many rows were
    claimed. Rows settled here (skipped, failed, awaiting approval) are counted at once.
    """
    now = timezone.now()
    with transaction.atomic():
        job = BulkJob.objects.select_related("credential", "issuer", "created_by").get(pk=job_id)
        if job.state not in ACTIVE:
            return None, [], 0
        qs = (
            BulkJobRow.objects.filter(job_id=job_id)
            .filter(Q(state=Row.PENDING) | Q(state=Row.CLAIMED, claimed_at__lt=now - lease()))
            .order_by("number")
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        rows = list(qs[: settings.BULK_CHUNK_SIZE])
        if not rows:
            return job, [], 0
        BulkJobRow.objects.filter(pk__in=[r.pk for r in rows]).update(
            state=Row.CLAIMED, claimed_at=now, claimed_by=worker
        )
        if job.state == BulkJob.State.QUEUED:
            BulkJob.objects.filter(pk=job.pk, state=BulkJob.State.QUEUED).update(
                state=BulkJob.State.RUNNING, started_at=now
            )
        rule = rule_for(job.credential)
        taken = _already_awarded(job, rows)
        to_sign: list[Claimed] = []
        settled = {"failed": 0, "skipped": 0, "done": 0}
        for row in rows:
            if row.data.get("_key") in taken:
                _finish_row(row, Row.SKIPPED, "Already issued — skipped.")
                settled["skipped"] += 1
                continue
            try:
                award, _new = request_award(_request(job, row), actor=job.created_by, release=False)
            except Problem as e:
                _finish_row(row, Row.FAILED, f"{e.detail} ({e.code})")
                settled["failed"] += 1
                continue
            if award.credential_json is not None or rule.requires_approval:
                message = "Issued." if award.credential_json else "Awaiting QA approval."
                _finish_row(row, Row.DONE, message, award)
                settled["done"] += 1
                continue
            BulkJobRow.objects.filter(pk=row.pk).update(award=award)
            if award.status_index is None:
                # The core allocator, under the status list's row lock (held to commit).
                status_list, index = allocate_index(job.issuer)
                Award.objects.filter(pk=award.pk).update(
                    status_list=status_list, status_index=index
                )
            to_sign.append(Claimed(row.pk, award.pk, issue_moment(row.data)))
        _count(job.pk, **settled)
    return job, to_sign, len(rows)


def sign_chunk(job: BulkJob, claimed: list[Claimed]) -> list[tuple[Claimed, Signed]]:
    """Step 2: build and sign every claimed award's credential, outside any transaction."""
    if not claimed:
        return []
    issuer = BatchIssuer(job.issuer, job.credential)
    awards = {
        a.pk: a
        for a in Award.objects.select_related("status_list").filter(
            pk__in=[c.award_id for c in claimed]
        )
    }
    return [(c, issuer.sign(awards[c.award_id], c.issued_at)) for c in claimed]


def store_chunk(job: BulkJob, signed: list[tuple[Claimed, Signed]]) -> None:
    """Step 3: issue each award still unissued, settle the rows, move the counters."""
    if not signed:
        return
    with transaction.atomic():
        ids = [s.award_id for _c, s in signed]
        unissued = {
            a.pk: a
            for a in Award.objects.select_for_update()
            .select_related("credential", "issuer")
            .filter(pk__in=ids, credential_json__isnull=True, status=AwardStatus.PENDING_APPROVAL)
        }
        done_ids, failed = [], 0
        for claimed, result in signed:
            award = unissued.get(result.award_id)
            if result.error:
                moved = BulkJobRow.objects.filter(pk=claimed.row_id, state=Row.CLAIMED).update(
                    state=Row.FAILED, message=result.error[:1000]
                )
                failed += moved
                continue
            done_ids.append(claimed.row_id)
            if award is None:
                continue  # issued meanwhile (a retried chunk, an approval): nothing to store
            _issue(job, award, result)
        moved = BulkJobRow.objects.filter(pk__in=done_ids, state=Row.CLAIMED).update(
            state=Row.DONE, message="Issued."
        )
        _count(job.pk, done=moved, failed=failed)


def _issue(job: BulkJob, award: Award, result: Signed) -> None:
    award.credential_json = result.credential
    award.status = AwardStatus.ISSUED
    award.issued_at = award.valid_from = result.issued_at
    award.valid_until = result.valid_until
    award.save(
        update_fields=["credential_json", "status", "issued_at", "valid_from", "valid_until"]
    )
    record(
        job.created_by,
        "issuance.award.issued",
        award,
        organisation=job.issuer.organisation,
        after={"status": "issued", "status_index": award.status_index, "bulk_job": job.pk},
    )
    if job.notify:
        send_claim_email(award)


def _count(job_id: int, *, done: int = 0, failed: int = 0, skipped: int = 0) -> None:
    BulkJob.objects.filter(pk=job_id).update(
        done_rows=F("done_rows") + done,
        failed_rows=F("failed_rows") + failed,
        skipped_rows=F("skipped_rows") + skipped,
        heartbeat_at=timezone.now(),
    )


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

    SQLite has one writer at a time; under load a worker may wait longer than the connection's
    busy timeout. Waiting and retrying is right: the transaction was rolled back whole.
    """
    for attempt in range(LOCK_RETRIES):
        try:
            return work()
        except OperationalError as e:
            if "locked" not in str(e) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def process_chunk(job_id: int, worker: str | None = None) -> bool:
    """Claim, sign and store one chunk of ``job_id``; True while the job has rows to claim."""
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
