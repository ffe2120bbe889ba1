"""Step 1 of a chunk (see batch.py): claim rows, find their awards or reserve new ones' ids and
status indices, settle the rows that get no award, all in one short transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from credstack.problems import InvalidInput

from ..models import (
    Award,
    AwardSource,
    AwardStatus,
    BulkJob,
    BulkJobRow,
    EvidenceSharing,
)
from ..services.recipients import Recipient, RecipientInput, normalise_recipient, normalised
from ..services.rules import rule_for
from ..services.triggers import AWARDABLE
from .allocation import take_slots
from .batch import (
    ACTIVE,
    AWARD_COLUMNS,
    ChunkRow,
    Claimed,
    NewAward,
    Row,
    Settlements,
    audit_writer,
    award_constants,
    award_repr,
    event_for,
    inserted,
    lease,
    requested_entry,
)
from .csvfile import issue_moment
from .holdings import Holders, already_awarded, existing_awards, facts_of, renewals
from .signing import AwardFacts
from .sql import Insert, Update


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


def _recipients(
    job: BulkJob, rows: list[ChunkRow], settled: Settlements, holders: Holders
) -> list[tuple[ChunkRow, Recipient]]:
    """The rows that get an award, with their recipients; the others are settled."""
    refusal = _chunk_refusal(job)
    taken = set() if refusal else already_awarded(job, rows, holders)
    wanted: list[tuple[ChunkRow, Recipient]] = []
    for row in rows:
        data = row.data
        if refusal:
            settled.add(row, Row.FAILED, refusal)
        elif data.get("_key") in taken:
            settled.add(row, Row.SKIPPED, "Already issued — skipped.")
        else:
            given = RecipientInput(
                email=data.get("email", ""), name=data.get("name", ""), did=data.get("did", "")
            )
            # Rows were checked at upload, which stored the key it derived: a row whose data
            # still gives that key needs no second check (the e-mail validator is costly).
            recipient = normalised(given)
            if recipient.key != data.get("_key"):
                try:
                    recipient = normalise_recipient(given)
                except InvalidInput as e:
                    settled.add(row, Row.FAILED, f"{e.detail} ({e.code})")
                    continue
            wanted.append((row, recipient))
    return wanted


def _insert_pending(
    job: BulkJob,
    missing: list[tuple[ChunkRow, Recipient]],
    settled: Settlements,
    holders: Holders,
) -> None:
    """Insert the awards of ``missing`` rows to wait for QA approval, with their audit
    entries, and settle the rows."""
    if not missing:
        return
    renews = renewals(job, holders.among({recipient.key for _row, recipient in missing}))
    consent = job.summary.get("evidence_consent", EvidenceSharing.NONE.value)
    planned: dict[str, tuple[ChunkRow, Recipient, uuid.UUID]] = {}
    values = []
    for row, recipient in missing:
        event, made = event_for(job, row.number), uuid.uuid4()
        values.append((*_award_values(row, recipient, event, renews), made))
        planned[event] = (row, recipient, made)
    Insert(
        Award,
        [*AWARD_COLUMNS, "credential_uuid"],
        fixed={**award_constants(job, consent), "status": AwardStatus.PENDING_APPROVAL},
        skip_conflicts=True,
    ).run(values)
    found = inserted(job, {r.key for _row, r in missing}, planned)
    audit = []
    for event, (row, recipient, made) in planned.items():
        pk, theirs = found.get(event, (None, None))
        if pk is None:
            settled.add(row, Row.FAILED, "The award could not be created. (AWARD_NOT_CREATED)")
            continue
        if theirs == made:
            label = award_repr(job, recipient.name, recipient.key)
            audit.append(requested_entry(job, pk, label, event))
        settled.add(row, Row.DONE, "Awaiting QA approval.", pk)
    audit_writer(job).run(audit)


def _row_values(row: ChunkRow) -> tuple[str, str, dict[str, Any] | None]:
    """The row's narrative, evidence URL and result, as the award keeps them."""
    data = row.data
    result = {"value": data["result"]} if data.get("result") else None
    return data.get("narrative", "").strip(), data.get("evidence_url", "").strip(), result


def _award_values(
    row: ChunkRow, recipient: Recipient, event: str, renews: dict[str, int]
) -> tuple[Any, ...]:
    narrative, evidence_url, result = _row_values(row)
    return (
        recipient.key,
        event,
        recipient.email,
        recipient.name,
        recipient.did,
        narrative,
        evidence_url,
        result,
        renews.get(recipient.key),
    )


def _reserve(
    job: BulkJob, missing: list[tuple[ChunkRow, Recipient]], holders: Holders
) -> list[Claimed]:
    """Claims for rows whose award is released at once: each gets a fresh credential id and
    status index; the award itself is inserted, complete, when its credential is stored.

    Nothing is written per row: if the worker dies before storing, its reserved indices are
    simply never used (the list's mark has moved past them in this committed transaction),
    and the next claim of the rows reserves new ones. An index is never handed out twice.
    """
    if not missing:
        return []
    renews = renewals(job, holders.among({recipient.key for _row, recipient in missing}))
    consent = job.summary.get("evidence_consent", EvidenceSharing.NONE.value)
    slots = take_slots(job.issuer, len(missing))
    claims = []
    for (row, recipient), slot in zip(missing, slots, strict=True):
        narrative, evidence_url, result = _row_values(row)
        facts = AwardFacts(
            0, uuid.uuid4(), recipient.email, recipient.did, narrative, evidence_url, consent,
            result, slot.sequence, slot.index,
        )  # fmt: skip
        event = event_for(job, row.number)
        new = NewAward(
            recipient.key, recipient.name, event, renews.get(recipient.key), slot.list_id
        )
        label = award_repr(job, recipient.name, recipient.key)
        claims.append(Claimed(row.pk, None, issue_moment(row.data), facts, label, new))
    return claims


def _claim_rows(job_id: int, now: datetime, worker: str) -> list[ChunkRow]:
    """Claim the job's next rows -- pending, or claimed by a worker whose lease ran out -- in
    one statement, and return them in row order.

    ``UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING``: on PostgreSQL the inner select
    locks with ``FOR UPDATE SKIP LOCKED``, so concurrent workers take disjoint rows; SQLite
    runs one writer at a time. One round trip, and no list of ids sent back and forth.
    """
    table = connection.ops.quote_name(BulkJobRow._meta.db_table)
    skip_locked = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    ops = connection.ops
    # The table's own quoted name; every value is a bound parameter.
    sql = (
        f"UPDATE {table} SET state = %s, claimed_at = %s, claimed_by = %s "  # noqa: S608
        f"WHERE id IN (SELECT id FROM {table} WHERE job_id = %s "
        "AND (state = %s OR (state = %s AND claimed_at < %s)) "
        f"ORDER BY number LIMIT %s{skip_locked}) RETURNING id, number, data"
    )
    params = [
        Row.CLAIMED,
        ops.adapt_datetimefield_value(now),
        worker,
        job_id,
        Row.PENDING,
        Row.CLAIMED,
        ops.adapt_datetimefield_value(now - lease()),
        settings.BULK_CHUNK_SIZE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        claimed = cursor.fetchall()
    return sorted(
        (ChunkRow(pk, number, _json(data)) for pk, number, data in claimed),
        key=lambda row: row.number,
    )


def _json(value: Any) -> Any:
    """A JSON column's value as the driver hands it back (text, or already decoded)."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def claim_chunk(job_id: int, worker: str) -> tuple[BulkJob | None, list[Claimed], int]:
    """Step 1: claim rows, find their awards or reserve new ones' indices (one transaction).

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
        rows = _claim_rows(job_id, now, worker)
        if not rows:
            return job, [], 0
        if job.state == BulkJob.State.QUEUED:
            BulkJob.objects.filter(pk=job.pk, state=BulkJob.State.QUEUED).update(
                state=BulkJob.State.RUNNING, started_at=now
            )
        settled = Settlements()
        holders = Holders(job)
        wanted = _recipients(job, rows, settled, holders)
        approval = bool(wanted) and rule_for(job.credential).requires_approval
        existing = existing_awards(
            job,
            [event_for(job, row.number) for row, _r in wanted],
            holders.among({r.key for _row, r in wanted}),
        )
        missing = [(row, r) for row, r in wanted if event_for(job, row.number) not in existing]
        to_sign: list[Claimed] = []
        if approval:
            _insert_pending(job, missing, settled, holders)
        else:
            to_sign += _reserve(job, missing, holders)
        unindexed: list[tuple[ChunkRow, tuple[Any, ...], str]] = []
        for row, recipient in wanted:
            values = existing.get(event_for(job, row.number))
            if values is None:
                continue
            label = award_repr(job, recipient.name, recipient.key)
            if values[-1] != AwardStatus.PENDING_APPROVAL:
                settled.add(row, Row.DONE, "Issued.", values[0])
            elif approval:
                settled.add(row, Row.DONE, "Awaiting QA approval.", values[0])
            elif (facts := facts_of(values)) is None:
                unindexed.append((row, values, label))
            else:
                moment = issue_moment(row.data)
                to_sign.append(Claimed(row.pk, values[0], moment, facts, label))
        to_sign += _index_existing(job, unindexed)
        settled.write(job.pk)
    return job, to_sign, len(rows)


def _index_existing(
    job: BulkJob, awards: list[tuple[ChunkRow, tuple[Any, ...], str]]
) -> list[Claimed]:
    """Status indices for awards that exist without one (the rule stopped requiring approval
    after they were requested)."""
    if not awards:
        return []
    slots = take_slots(job.issuer, len(awards))
    Update(Award, ["status_list", "status_index"], where="status_index IS NULL").run(
        (values[0], (slot.list_id, slot.index))
        for (_row, values, _label), slot in zip(awards, slots, strict=True)
    )
    claimed = []
    for (row, values, label), slot in zip(awards, slots, strict=True):
        facts = facts_of(values, slot.sequence, slot.index)
        assert facts is not None
        claimed.append(Claimed(row.pk, values[0], issue_moment(row.data), facts, label))
    return claimed
