"""Bulk issuance services: upload and preview a CSV, confirm, pause, resume, cancel, recover.

Views and the API call these; each mutating one runs in one transaction with its audit entry,
and enqueues the job's tasks only after that transaction commits (a task enqueued earlier
could run before the job it names exists, and a rolled-back confirm must not start work).
Only badge issuers (and administrators) run bulk jobs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.problems import Conflict, Forbidden, InvalidInput, NotFound

from ..models import Award, AwardSource, AwardStatus, BulkJob, BulkJobRow, EvidenceSharing
from ..services.access import REQUEST_ROLES, AnyUser, may, organisations_for, require
from ..services.issuers import issuer_for
from ..services.rules import rule_for
from ..services.triggers import AWARDABLE
from .batch import lease
from .csvfile import CsvRejected, CsvRow, read_rows
from .tasks import enqueue_job

Job = BulkJob.State
Row = BulkJobRow.State
BATCH = 1000
ALREADY = "ALREADY_AWARDED"


@dataclass(frozen=True)
class Upload:
    credential: MicroCredential
    stream: IO[bytes]
    size: int
    filename: str = ""
    notify: bool = True
    evidence_consent: str = EvidenceSharing.NONE.value


def bulk_credentials(user: AnyUser) -> QuerySet[MicroCredential]:
    """Published products ``user`` may award in bulk (badge issuer at their organisation)."""
    return MicroCredential.objects.filter(
        organisation__in=organisations_for(user, REQUEST_ROLES), status__in=AWARDABLE
    ).order_by("title", "-version")


def _check_credential(actor: User, credential: MicroCredential) -> None:
    require(actor, credential.organisation_id, REQUEST_ROLES)
    if credential.status not in AWARDABLE:
        raise InvalidInput(
            f"“{credential.title}” is not published, so it cannot be awarded.",
            code="CREDENTIAL_NOT_AWARDABLE",
        )
    if AwardSource.CSV not in rule_for(credential).allowed_sources:
        raise Forbidden(
            f"The release rule of “{credential.title}” does not allow CSV bulk awards.",
            code="TRIGGER_NOT_ALLOWED",
        )


def _flag_already_awarded(credential: MicroCredential, rows: list[CsvRow]) -> None:
    keys = {r.recipient_key for r in rows if not r.errors}
    now = timezone.now()
    held = set(
        Award.objects.filter(
            credential_lineage=credential.lineage,
            recipient_key__in=keys,
            status__in=[AwardStatus.ISSUED, AwardStatus.SUSPENDED, AwardStatus.PENDING_APPROVAL],
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .values_list("recipient_key", flat=True)
    )
    for row in rows:
        if not row.errors and row.recipient_key in held:
            row.fail(ALREADY, "Already issued — will be skipped.")


def _store(job: BulkJob, rows: list[CsvRow], counts: dict[str, int]) -> None:
    _flag_already_awarded(job.credential, rows)
    objects = []
    for row in rows:
        codes = {e["code"] for e in row.errors}
        kind = "valid" if not codes else "already" if codes == {ALREADY} else "invalid"
        counts[kind] += 1
        objects.append(
            BulkJobRow(
                job=job,
                number=row.number,
                data={**row.data, "_key": row.recipient_key},
                errors=row.errors,
                state=Row.PENDING if kind == "valid" else Row.SKIPPED,
                message="" if kind == "valid" else row.errors[0]["message"],
            )
        )
    BulkJobRow.objects.bulk_create(objects)


def _rows_with_duplicates(stream: Iterator[CsvRow]) -> Iterator[CsvRow]:
    first_row: dict[str, int] = {}
    for row in stream:
        key = row.recipient_key
        if key and key in first_row:
            row.fail("ROW_DUPLICATE", f"The same recipient as row {first_row[key]}.")
        elif key:
            first_row[key] = row.number
        yield row


@transaction.atomic
def upload_csv(actor: User, upload: Upload) -> BulkJob:
    """Read ``upload`` into a job awaiting confirmation, every row checked; issue nothing.

    Raises ``CsvRejected`` for an unreadable file, ``Forbidden`` when the rule refuses CSV
    awards, ``InvalidInput`` for an unpublished product; then nothing at all is written.
    """
    credential = upload.credential
    _check_credential(actor, credential)
    if upload.size > settings.BULK_UPLOAD_MAX_BYTES:
        raise CsvRejected(
            f"The file is larger than {settings.BULK_UPLOAD_MAX_BYTES // (1024 * 1024)} MB; "
            "split it into parts.",
            code="CSV_TOO_LARGE",
            status=413,
        )
    if upload.evidence_consent not in EvidenceSharing.values:
        raise InvalidInput("Unknown evidence consent.", code="EVIDENCE_CONSENT_INVALID")
    job = BulkJob.objects.create(
        issuer=issuer_for(credential.organisation_id),
        credential=credential,
        created_by=actor,
        filename=upload.filename[:255],
        notify=upload.notify,
    )
    counts = {"valid": 0, "invalid": 0, "already": 0}
    batch: list[CsvRow] = []
    rows = read_rows(upload.stream, max_bytes=settings.BULK_UPLOAD_MAX_BYTES)
    for row in _rows_with_duplicates(rows):
        batch.append(row)
        if len(batch) >= BATCH:
            _store(job, batch, counts)
            batch = []
    _store(job, batch, counts)
    total = sum(counts.values())
    if total == 0:
        raise CsvRejected("The file has a header but no rows.", code="CSV_EMPTY")
    job.total_rows = total
    job.skipped_rows = total - counts["valid"]
    job.summary = {**counts, "evidence_consent": upload.evidence_consent}
    job.save(update_fields=["total_rows", "skipped_rows", "summary"])
    record(
        actor,
        "issuance.bulk.uploaded",
        job,
        organisation=credential.organisation,
        after={"filename": job.filename, "credential": credential.pk, **counts},
    )
    return job


def job_for(user: AnyUser, job_id: int) -> BulkJob:
    """A job ``user`` may see and run.

    People without the badge issuer role anywhere get 403; a badge issuer of another
    organisation gets 404, so job ids of other organisations do not leak.
    """
    if not organisations_for(user, REQUEST_ROLES):
        raise PermissionDenied("Bulk issuance is for badge issuers.")
    job = (
        BulkJob.objects.select_related("credential", "issuer", "created_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not may(user, job.issuer.organisation_id, REQUEST_ROLES):
        raise NotFound("There is no such bulk job.", code="BULK_JOB_NOT_FOUND")
    return job


def jobs_for(user: AnyUser) -> QuerySet[BulkJob]:
    return (
        BulkJob.objects.filter(issuer__organisation__in=organisations_for(user, REQUEST_ROLES))
        .select_related("credential", "created_by")
        .order_by("-created_at", "-pk")
    )


def _transition(actor: User, job_id: int, allowed: tuple[str, ...], to: str, verb: str) -> BulkJob:
    job = job_for(actor, job_id)
    require(actor, job.issuer.organisation_id, REQUEST_ROLES)
    job = BulkJob.objects.select_for_update().get(pk=job.pk)
    if job.state not in allowed:
        raise Conflict(
            f"A job that is {job.get_state_display().lower()} cannot be {verb}.",
            code="BULK_JOB_STATE",
        )
    before = job.state
    job.state = to
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["state", "heartbeat_at"])
    record(
        actor,
        f"issuance.bulk.{verb}",
        job,
        organisation=job.issuer.organisation,
        before={"state": before},
        after={"state": to},
    )
    return job


def _start_after_commit(job: BulkJob) -> None:
    job_id, parallel = job.pk, settings.BULK_PARALLEL_TASKS
    transaction.on_commit(lambda: enqueue_job(job_id, parallel))


@transaction.atomic
def confirm_job(actor: User, job_id: int) -> BulkJob:
    """The issuer confirms the preview: the job is queued and its workers start."""
    job = _transition(actor, job_id, (Job.PREVIEW,), Job.QUEUED, "confirmed")
    _check_credential(actor, job.credential)
    if not BulkJobRow.objects.filter(job=job, state=Row.PENDING).exists():
        job.state, job.finished_at = Job.DONE, timezone.now()
        job.save(update_fields=["state", "finished_at"])
        return job
    _start_after_commit(job)
    return job


@transaction.atomic
def pause_job(actor: User, job_id: int) -> BulkJob:
    """Stop claiming new chunks; chunks already being signed finish."""
    return _transition(actor, job_id, (Job.QUEUED, Job.RUNNING), Job.PAUSED, "paused")


@transaction.atomic
def resume_job(actor: User, job_id: int) -> BulkJob:
    """Continue a paused job, or restart a running one whose workers stopped (stalled)."""
    job = job_for(actor, job_id)
    allowed: tuple[str, ...] = (Job.PAUSED,)
    if job.state in (Job.QUEUED, Job.RUNNING) and is_stalled(job):
        allowed = (job.state,)
    job = _transition(actor, job_id, allowed, Job.QUEUED, "resumed")
    _start_after_commit(job)
    return job


@transaction.atomic
def cancel_job(actor: User, job_id: int) -> BulkJob:
    """Issue nothing more: rows not yet claimed are cancelled (issued awards stay issued)."""
    allowed = (Job.PREVIEW, Job.QUEUED, Job.RUNNING, Job.PAUSED)
    job = _transition(actor, job_id, allowed, Job.CANCELLED, "cancelled")
    stale = timezone.now() - lease()
    cancelled = BulkJobRow.objects.filter(job=job).filter(
        Q(state=Row.PENDING) | Q(state=Row.CLAIMED, claimed_at__lt=stale)
    )
    count = cancelled.update(state=Row.CANCELLED, message="Cancelled before it was issued.")
    job.skipped_rows += count
    job.finished_at = timezone.now()
    job.save(update_fields=["skipped_rows", "finished_at"])
    return job


def is_stalled(job: BulkJob) -> bool:
    """An active job that has shown no progress for longer than the claim lease."""
    if job.state not in (Job.QUEUED, Job.RUNNING):
        return False
    seen = job.heartbeat_at or job.started_at or job.created_at
    return seen < timezone.now() - lease()


def recover_stalled_jobs() -> list[int]:
    """Re-enqueue every active job whose workers died (the reconciler; run it from cron).

    Harmless when the workers are merely slow or busy: an extra task finds no unclaimed rows
    and ends. Returns the ids of the jobs restarted.
    """
    restarted = []
    for job in BulkJob.objects.filter(state__in=[Job.QUEUED, Job.RUNNING]):
        if not is_stalled(job):
            continue
        with transaction.atomic():
            touched = BulkJob.objects.filter(pk=job.pk, heartbeat_at=job.heartbeat_at).update(
                heartbeat_at=timezone.now()
            )
            if touched:
                restarted.append(job.pk)
                _start_after_commit(job)
    return restarted


def progress(job: BulkJob) -> dict[str, object]:
    """The job's progress as plain data (the page's poll and the API answer with it)."""
    settled = job.done_rows + job.failed_rows + job.skipped_rows
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": job.get_state_display(),
        "credential": job.credential.title,
        "filename": job.filename,
        "total_rows": job.total_rows,
        "done_rows": job.done_rows,
        "failed_rows": job.failed_rows,
        "skipped_rows": job.skipped_rows,
        "settled_rows": settled,
        "percent": round(100 * settled / job.total_rows, 1) if job.total_rows else 100.0,
        "stalled": is_stalled(job),
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def report_rows(job: BulkJob) -> QuerySet[BulkJobRow]:
    """The per-row results, in file order (iterate with ``.iterator()`` for big jobs)."""
    return BulkJobRow.objects.filter(job=job).select_related("award").order_by("number")
