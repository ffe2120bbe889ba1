"""Step 3 of a chunk (see batch.py): store the signed credentials -- awards inserted complete,
or issued where they still wait -- with their audit entries, and settle the rows, in one short
transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import (
    Award,
    AwardSource,
    AwardStatus,
    BulkJob,
    BulkJobRow,
    EvidenceSharing,
)
from ..services.delivery import send_claim_email
from .batch import (
    AWARD_COLUMNS,
    Claimed,
    Row,
    audit_writer,
    award_constants,
    count_rows,
    inserted,
)
from .signing import Signed
from .sql import Insert, Update, reserve_ids

RowUpdate = tuple[int, tuple[str, str, int | None]]


def _issued_entry(
    job: BulkJob, pk: int, claimed: Claimed, *, source_event: str = ""
) -> tuple[Any, ...]:
    after: dict[str, Any] = {
        "status": "issued",
        "status_index": claimed.facts.status_index,
        "bulk_job": job.pk,
    }
    if source_event:
        after |= {"source": AwardSource.CSV.value, "source_event": source_event}
    return ("issuance.award.issued", job.issuer.organisation_id, str(pk), claimed.label, after)


def _store_new(
    job: BulkJob, signed: list[tuple[Claimed, Signed]], audit: list[tuple[Any, ...]]
) -> tuple[list[int], list[RowUpdate], list[RowUpdate]]:
    """Insert the awards released at once, complete; (ours, done rows, failed rows)."""
    consent = job.summary.get("evidence_consent", EvidenceSharing.NONE.value)
    values = []
    ids = reserve_ids(Award, len(signed))
    for (claimed, result), award_id in zip(signed, ids, strict=True):
        new, facts = claimed.new, claimed.facts
        assert new is not None
        values.append(
            (
                award_id,
                new.recipient_key,
                new.source_event,
                facts.recipient_email,
                new.recipient_name,
                facts.recipient_did,
                facts.narrative,
                facts.evidence_url,
                facts.result,
                new.renews,
                facts.credential_uuid,
                new.status_list_id,
                facts.status_index,
                result.credential,
                result.issued_at,
                result.issued_at,
                result.valid_until,
            )
        )
    added = Insert(
        Award,
        [
            "id",
            *AWARD_COLUMNS,
            "credential_uuid",
            "status_list",
            "status_index",
            "credential_json",
            "issued_at",
            "valid_from",
            "valid_until",
        ],
        fixed={**award_constants(job, consent), "status": AwardStatus.ISSUED},
        skip_conflicts=True,
    ).run(values)
    events = {c.new.source_event: c for c, _s in signed if c.new is not None}
    if added == len(values):  # every row went in: each award is ours, with the id we gave it
        found = {
            c.new.source_event: (award_id, c.facts.credential_uuid)
            for (c, _s), award_id in zip(signed, ids, strict=True)
            if c.new is not None
        }
    else:  # some existed (a chunk stored twice): see which, and whose
        found = inserted(job, {c.new.recipient_key for c in events.values() if c.new}, events)
    ours: list[int] = []
    done: list[RowUpdate] = []
    failed: list[RowUpdate] = []
    for event, claimed in events.items():
        pk, made = found.get(event, (None, None))
        if pk is None:
            # Not inserted and not there: another constraint refused it.
            message = "The award could not be created. (AWARD_NOT_CREATED)"
            failed.append((claimed.row_id, (Row.FAILED, message, None)))
            continue
        done.append((claimed.row_id, (Row.DONE, "Issued.", pk)))
        if made == claimed.facts.credential_uuid:
            ours.append(pk)
            # One entry: the award was requested (the job's confirmation, audited on its own)
            # and issued in this one transaction, so the entry names its source event too.
            audit.append(_issued_entry(job, pk, claimed, source_event=event))
    return ours, done, failed


def _store_existing(
    job: BulkJob, signed: list[tuple[Claimed, Signed]], audit: list[tuple[Any, ...]]
) -> tuple[list[int], list[RowUpdate]]:
    """Issue awards that existed before the chunk, each only if still unissued."""
    if not signed:
        return [], []
    still_open = set(
        Award.objects.select_for_update()
        .filter(
            pk__in=[c.award_id for c, _s in signed],
            credential_json__isnull=True,
            status=AwardStatus.PENDING_APPROVAL,
        )
        .values_list("pk", flat=True)
    )
    issued: list[tuple[int, tuple[Any, ...]]] = []
    done: list[RowUpdate] = []
    for claimed, result in signed:
        assert claimed.award_id is not None
        done.append((claimed.row_id, (Row.DONE, "Issued.", claimed.award_id)))
        if claimed.award_id not in still_open:
            continue  # issued meanwhile (a retried chunk, an approval): nothing to store
        issued.append(
            (
                claimed.award_id,
                (
                    result.credential,
                    AwardStatus.ISSUED,
                    result.issued_at,
                    result.issued_at,
                    result.valid_until,
                ),
            )
        )
        audit.append(_issued_entry(job, claimed.award_id, claimed))
    Update(
        Award,
        ["credential_json", "status", "issued_at", "valid_from", "valid_until"],
        where="credential_json IS NULL AND status = %s",
        where_params=[AwardStatus.PENDING_APPROVAL],
    ).run(issued)
    return [pk for pk, _values in issued], done


def store_chunk(job: BulkJob, signed: list[tuple[Claimed, Signed]]) -> None:
    """Step 3: issue each award still unissued, settle the rows, move the counters."""
    if not signed:
        return
    with transaction.atomic():
        failed: list[RowUpdate] = [
            (c.row_id, (Row.FAILED, s.error[:1000], c.award_id)) for c, s in signed if s.error
        ]
        good = [(c, s) for c, s in signed if not s.error]
        audit: list[tuple[Any, ...]] = []
        ours, done, refused = _store_new(job, [(c, s) for c, s in good if c.new], audit)
        issued, done_before = _store_existing(job, [(c, s) for c, s in good if not c.new], audit)
        audit_writer(job).run(audit)
        guard = {"where": "state = %s", "where_params": [Row.CLAIMED]}
        columns = ["state", "message", "award"]
        moved = Update(BulkJobRow, columns, **guard).run(done + done_before)  # type: ignore[arg-type]
        lost = Update(BulkJobRow, columns, **guard).run(failed + refused)  # type: ignore[arg-type]
        count_rows(job.pk, done=moved, failed=lost)
        if job.notify and (ours or issued):
            for award in Award.objects.select_related("credential").filter(pk__in=ours + issued):
                send_claim_email(award)
