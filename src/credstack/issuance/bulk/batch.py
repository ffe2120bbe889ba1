"""The bulk job's batch path: a chunk's awards, status indices and audit entries in a fixed
number of queries, whatever the chunk size.

The per-row trigger path (``request_award`` then ``allocate_index``) costs about fifteen
queries per award: a savepoint, the insert, a renewal look-up, an audit entry, a status-list
row lock and save, row updates. A bulk job issues thousands of awards of ONE credential for
ONE issuer, so everything per-row that does not depend on the row is done once per chunk:

1. *Claim* (one transaction, :func:`claim_chunk`). The chunk's rows are locked (``SKIP
   LOCKED`` on PostgreSQL; SQLite serialises writers) and marked claimed. Their awards are
   inserted with one ``bulk_create(ignore_conflicts=True)`` and read back by their identity
   (lineage, recipient key, ``source="csv"``, ``source_event="bulk:<job>:<row>"``): the unique
   constraint ``issuance_award_once_per_event`` makes an award that already exists (a retried
   chunk, a racing worker) win silently, so exactly-once still rests on the database, as in
   ``request_award``. An award we inserted is recognised by the ``credential_uuid`` we gave
   it. The new awards' ``issuance.award.requested`` entries go in with one ``bulk_create``.
   Awards without a status index get theirs under ONE lock of the issuer's revocation list:
   the high-water mark moves by the number needed and each index is the list's keyed
   permutation of its mark (``IndexAllocator.allocate_many``, the mapping ``allocate_index``
   uses one at a time), so indices look random (BSL §6.2) and never repeat. An award that
   already holds an index (a retried chunk) keeps it.
2. *Sign* (no transaction): ``runner.sign_chunk`` with ``signing.BatchIssuer``.
3. *Store* (one transaction, :func:`store_chunk`): one ``bulk_update`` of the credentials,
   guarded by ``credential_json IS NULL`` so an award is never issued twice; one
   ``bulk_create`` of ``issuance.award.issued`` entries; one update moving rows to done.

A worker killed at any point loses only its uncommitted transaction: claimed rows come back
when their lease runs out, and find their awards and indices.

On SQLite Django splits a ``bulk_create`` into batches of at most 999 bound parameters
(about 30 awards), so the insert is one query per 30 rows there; on PostgreSQL it is one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from credstack.accounts.models import AuditEntry, Organisation, User
from credstack.problems import InvalidInput

from ..models import (
    Award,
    AwardSource,
    AwardStatus,
    BulkJob,
    BulkJobRow,
    EvidenceSharing,
)
from ..services.delivery import send_claim_email
from ..services.recipients import Recipient, RecipientInput, normalise_recipient
from ..services.rules import rule_for
from ..services.triggers import AWARDABLE
from .allocation import reserve_indices
from .csvfile import issue_moment
from .signing import Signed

Row = BulkJobRow.State
ACTIVE = (BulkJob.State.QUEUED, BulkJob.State.RUNNING)


def lease() -> timedelta:
    return timedelta(seconds=settings.BULK_CLAIM_LEASE_SECONDS)


def event_for(job: BulkJob, number: int) -> str:
    return f"bulk:{job.pk}:{number}"


@dataclass(frozen=True)
class Claimed:
    row_id: int
    award_id: int
    issued_at: datetime | None  # from the row's issue date; None means "when signed"


def already_awarded(job: BulkJob, rows: list[BulkJobRow]) -> set[str]:
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


def count_rows(job_id: int, *, done: int = 0, failed: int = 0, skipped: int = 0) -> None:
    """Move the job's counters by the rows that actually changed state, and beat its heart."""
    BulkJob.objects.filter(pk=job_id).update(
        done_rows=F("done_rows") + done,
        failed_rows=F("failed_rows") + failed,
        skipped_rows=F("skipped_rows") + skipped,
        heartbeat_at=timezone.now(),
    )


def audit_entry(
    actor: User | None,
    action: str,
    award: Award,
    organisation: Organisation,
    after: dict[str, Any],
) -> AuditEntry:
    """An unsaved entry exactly as ``accounts.audit.record`` writes it (bulk-created here)."""
    known = actor is not None and actor.is_authenticated
    return AuditEntry(
        actor=actor if known else None,
        actor_label=(actor.email or actor.username) if known and actor else "system",
        organisation=organisation,
        action=action,
        object_type=award._meta.label_lower,
        object_id=str(award.pk),
        object_repr=str(award)[:300],
        after=after,
    )


def _chunk_refusal(job: BulkJob) -> str:
    """Why no row of the chunk can be awarded now (request_award's per-credential checks)."""
    credential = job.credential
    if credential.status not in AWARDABLE:
        return (
            f"“{credential.title}” is not published, so it cannot be awarded. "
            "(CREDENTIAL_NOT_AWARDABLE)"
        )
    if AwardSource.CSV not in rule_for(credential).allowed_sources:
        return (
            f"The release rule of “{credential.title}” does not allow CSV bulk upload awards. "
            "(TRIGGER_NOT_ALLOWED)"
        )
    if job.summary.get("evidence_consent", EvidenceSharing.NONE.value) not in (
        EvidenceSharing.values
    ):
        return "The job's evidence consent is not a known value. (EVIDENCE_CONSENT_INVALID)"
    return ""


def _settle(row: BulkJobRow, state: str, message: str, award: Award | None = None) -> None:
    row.state, row.message, row.award = state, message[:1000], award


def _new_award(job: BulkJob, row: BulkJobRow, recipient: Recipient, renews: int | None) -> Award:
    data = row.data
    return Award(
        credential_lineage=job.credential.lineage,
        recipient_key=recipient.key,
        source=AwardSource.CSV,
        source_event=event_for(job, row.number),
        credential=job.credential,
        issuer=job.issuer,
        recipient_email=recipient.email,
        recipient_name=recipient.name,
        recipient_did=recipient.did,
        narrative=data.get("narrative", "").strip(),
        evidence_url=data.get("evidence_url", "").strip(),
        evidence_consent=job.summary.get("evidence_consent", EvidenceSharing.NONE.value),
        result={"value": data["result"]} if data.get("result") else None,
        requested_by=job.created_by,
        renews_id=renews,
        credential_uuid=uuid.uuid4(),
    )


def _renewals(job: BulkJob, keys: set[str]) -> dict[str, int]:
    """Each recipient's latest issued or suspended award of the credential (recertification)."""
    latest: dict[str, int] = {}
    for key, pk in (
        Award.objects.filter(
            credential_lineage=job.credential.lineage,
            recipient_key__in=keys,
            status__in=[AwardStatus.ISSUED, AwardStatus.SUSPENDED],
            replaced_by__isnull=True,
        )
        .order_by("issued_at", "pk")
        .values_list("recipient_key", "pk")
    ):
        latest[key] = pk  # ordered oldest first, so the last one seen is the latest
    return latest


def insert_awards(
    job: BulkJob, wanted: list[tuple[BulkJobRow, Recipient]]
) -> tuple[dict[int, Award], list[Award]]:
    """Create the missing awards of ``wanted`` rows; return every row's award and the new ones.

    Rows whose award cannot be found afterwards are absent from the answer (the caller fails
    them): on SQLite ``INSERT OR IGNORE`` would also skip a row breaking another constraint.
    """
    if not wanted:
        return {}, []
    renews = _renewals(job, {recipient.key for _row, recipient in wanted})
    made = [_new_award(job, row, r, renews.get(r.key)) for row, r in wanted]
    Award.objects.bulk_create(made, ignore_conflicts=True)
    ours = {a.credential_uuid for a in made}
    found = {
        (a.recipient_key, a.source_event): a
        for a in Award.objects.filter(
            credential_lineage=job.credential.lineage,
            source=AwardSource.CSV,
            source_event__in=[a.source_event for a in made],
        )
    }
    by_row: dict[int, Award] = {}
    for row, recipient in wanted:
        award = found.get((recipient.key, event_for(job, row.number)))
        if award is not None:
            award.credential, award.issuer = job.credential, job.issuer
            by_row[row.pk] = award
    return by_row, [a for a in by_row.values() if a.credential_uuid in ours]


def _recipients(
    job: BulkJob, rows: list[BulkJobRow]
) -> tuple[list[tuple[BulkJobRow, Recipient]], dict[str, int]]:
    """The rows that get an award, with their recipients; the others are settled on the row."""
    settled = {"failed": 0, "skipped": 0, "done": 0}
    refusal = _chunk_refusal(job)
    taken = set() if refusal else already_awarded(job, rows)
    wanted: list[tuple[BulkJobRow, Recipient]] = []
    for row in rows:
        if refusal:
            _settle(row, Row.FAILED, refusal)
            settled["failed"] += 1
        elif row.data.get("_key") in taken:
            _settle(row, Row.SKIPPED, "Already issued — skipped.")
            settled["skipped"] += 1
        else:
            data = row.data
            try:
                recipient = normalise_recipient(
                    RecipientInput(
                        email=data.get("email", ""),
                        name=data.get("name", ""),
                        did=data.get("did", ""),
                    )
                )
            except InvalidInput as e:
                _settle(row, Row.FAILED, f"{e.detail} ({e.code})")
                settled["failed"] += 1
            else:
                wanted.append((row, recipient))
    return wanted, settled


def claim_chunk(job_id: int, worker: str) -> tuple[BulkJob | None, list[Claimed], int]:
    """Step 1: claim rows, create or find their awards, reserve status indices (one transaction).

    Returns the job (None when it is not active), the awards to sign, and how many rows were
    claimed. Rows settled here (skipped, failed, awaiting approval) are counted at once.
    """
    now = timezone.now()
    with transaction.atomic():
        job = BulkJob.objects.select_related(
            "credential__organisation", "issuer__organisation", "created_by"
        ).get(pk=job_id)
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
        wanted, settled = _recipients(job, rows)
        awards, new = insert_awards(job, wanted)
        AuditEntry.objects.bulk_create(
            audit_entry(
                job.created_by,
                "issuance.award.requested",
                award,
                job.credential.organisation,
                {"source": award.source, "source_event": award.source_event},
            )
            for award in new
        )
        approval = bool(wanted) and rule_for(job.credential).requires_approval
        to_sign: list[Claimed] = []
        for row, _recipient in wanted:
            award = awards.get(row.pk)
            if award is None:
                _settle(row, Row.FAILED, "The award could not be created. (AWARD_NOT_CREATED)")
                settled["failed"] += 1
            elif award.credential_json is not None or approval:
                message = "Issued." if award.credential_json else "Awaiting QA approval."
                _settle(row, Row.DONE, message, award)
                settled["done"] += 1
            else:
                _settle(row, Row.CLAIMED, "", award)
                to_sign.append(Claimed(row.pk, award.pk, issue_moment(row.data)))
        reserve_indices(job.issuer, [awards[c.row_id] for c in to_sign])
        BulkJobRow.objects.bulk_update(rows, ["state", "message", "award"])
        count_rows(job.pk, **settled)
    return job, to_sign, len(rows)


def store_chunk(job: BulkJob, signed: list[tuple[Claimed, Signed]]) -> None:
    """Step 3: issue each award still unissued, settle the rows, move the counters."""
    if not signed:
        return
    with transaction.atomic():
        open_awards = {
            a.pk: a
            for a in Award.objects.select_for_update().filter(
                pk__in=[s.award_id for _c, s in signed if not s.error],
                credential_json__isnull=True,
                status=AwardStatus.PENDING_APPROVAL,
            )
        }
        failed_rows: list[BulkJobRow] = []
        done_ids: list[int] = []
        issued: list[Award] = []
        for claimed, result in signed:
            if result.error:
                failed_rows.append(
                    BulkJobRow(pk=claimed.row_id, state=Row.FAILED, message=result.error[:1000])
                )
                continue
            done_ids.append(claimed.row_id)
            award = open_awards.get(result.award_id)
            if award is None:
                continue  # issued meanwhile (a retried chunk, an approval): nothing to store
            award.credential_json = result.credential
            award.status = AwardStatus.ISSUED
            award.issued_at = award.valid_from = result.issued_at
            award.valid_until = result.valid_until
            award.credential, award.issuer = job.credential, job.issuer
            issued.append(award)
        Award.objects.filter(
            credential_json__isnull=True, status=AwardStatus.PENDING_APPROVAL
        ).bulk_update(
            issued, ["credential_json", "status", "issued_at", "valid_from", "valid_until"]
        )
        AuditEntry.objects.bulk_create(
            audit_entry(
                job.created_by,
                "issuance.award.issued",
                award,
                job.issuer.organisation,
                {"status": "issued", "status_index": award.status_index, "bulk_job": job.pk},
            )
            for award in issued
        )
        failed = BulkJobRow.objects.filter(state=Row.CLAIMED).bulk_update(
            failed_rows, ["state", "message"]
        )
        moved = BulkJobRow.objects.filter(pk__in=done_ids, state=Row.CLAIMED).update(
            state=Row.DONE, message="Issued."
        )
        count_rows(job.pk, done=moved, failed=failed)
        if job.notify:
            for award in issued:
                send_claim_email(award)
