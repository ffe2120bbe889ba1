"""The bulk job's batch path: a chunk's awards, status indices and audit entries in a fixed
number of statements, whatever the chunk size.

The per-row trigger path (``request_award`` then ``issue_award``) costs about fifteen
queries per award: a savepoint, the insert, a renewal look-up, an audit entry, a status-list
row lock and save, row updates. A bulk job issues thousands of awards of ONE credential for
ONE issuer, so everything per-row that does not depend on the row is done once per chunk, and
the per-row writes go through one prepared statement each (sql.py):

1. *Claim* (one transaction, :func:`claim_chunk`). The chunk's rows are locked (``SKIP
   LOCKED`` on PostgreSQL; SQLite serialises writers) and marked claimed. Awards the rows
   already have (a retried chunk) are read by their identity (lineage, recipient key,
   ``source="csv"``, ``source_event="bulk:<job>:<row>"``) and keep their status indices. The
   missing ones get fresh indices under ONE lock of the issuer's revocation list (the
   high-water mark moves by the number needed and each index is the list's keyed
   permutation of its mark, ``allocation.take_slots``: indices look random, BSL §6.2, and
   never repeat) and are inserted with ``ON CONFLICT DO NOTHING`` on the unique constraint
   ``issuance_award_once_per_event``: exactly-once rests on the database, as in
   ``request_award``. An award we inserted is recognised by the ``credential_uuid`` we gave
   it; its ``issuance.award.requested`` entry goes in with it.
2. *Sign* (no transaction): ``runner.sign_chunk`` with ``signing.BatchIssuer``, from the
   facts read in step 1 (no second read of the awards).
3. *Store* (one transaction, :func:`store_chunk`): each credential is written only where the
   award is still unissued (``credential_json IS NULL``), so an award is never issued twice;
   its ``issuance.award.issued`` entry goes in with it; rows move to done.

A worker killed at any point loses only its uncommitted transaction: claimed rows come back
when their lease runs out, and find their awards and indices. A status index is never given
to two awards: the list's mark only moves forward, under its row lock, in the transaction
that stores the indices on the awards.
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

from credstack.accounts.models import AuditEntry, User
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
from ..services.recipients import Recipient, RecipientInput, normalise_recipient, normalised
from ..services.rules import rule_for
from ..services.triggers import AWARDABLE
from .allocation import take_slots
from .csvfile import issue_moment
from .signing import AwardFacts, Signed
from .sql import Insert, Update

Row = BulkJobRow.State
ACTIVE = (BulkJob.State.QUEUED, BulkJob.State.RUNNING)
# What claim_chunk reads of an award that already exists (AwardFacts, then its state).
FACT_COLUMNS = (
    "pk",
    "credential_uuid",
    "recipient_email",
    "recipient_did",
    "narrative",
    "evidence_url",
    "evidence_consent",
    "result",
    "status_list__sequence",
    "status_index",
    "source_event",
    "status",
)


def lease() -> timedelta:
    return timedelta(seconds=settings.BULK_CLAIM_LEASE_SECONDS)


def event_for(job: BulkJob, number: int) -> str:
    return f"bulk:{job.pk}:{number}"


@dataclass(frozen=True, slots=True)
class NewAward:
    """What an award released at once is inserted with, besides its facts (store_chunk)."""

    recipient_key: str
    recipient_name: str
    source_event: str
    renews: int | None
    status_list_id: int


@dataclass(frozen=True)
class Claimed:
    row_id: int
    award_id: int | None  # None: the award is inserted when stored (``new``)
    issued_at: datetime | None  # from the row's issue date; None means "when signed"
    facts: AwardFacts  # what its credential is made from
    label: str = ""  # the award's str(), for its audit entries
    new: NewAward | None = None


@dataclass(frozen=True, slots=True)
class ChunkRow:
    """A claimed row as the chunk reads it."""

    pk: int
    number: int
    data: dict[str, Any]


class Holders:
    """Which recipients hold any award of the job's credential, asked once per chunk.

    The chunk's look-ups of earlier awards (already awarded, recertification, a retried
    chunk's own) all filter by credential and recipient; most recipients of a bulk job hold
    none, so one query finds those who do and the others are not asked about again.
    """

    def __init__(self, job: BulkJob) -> None:
        self.job = job
        self._known: dict[str, bool] = {}

    def among(self, keys: set[str]) -> set[str]:
        unknown = keys - self._known.keys()
        if unknown:
            held = set(
                Award.objects.filter(
                    credential_lineage=self.job.credential.lineage, recipient_key__in=unknown
                ).values_list("recipient_key", flat=True)
            )
            self._known.update((key, key in held) for key in unknown)
        return {key for key in keys if self._known[key]}


def already_awarded(job: BulkJob, rows: list[ChunkRow], holders: Holders) -> set[str]:
    """Recipients of ``rows`` holding a live award of this credential from another event."""
    keys = holders.among({r.data.get("_key", "") for r in rows})
    if not keys:
        return set()
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


def audit_writer(job: BulkJob) -> Insert:
    """Audit entries on awards, as ``accounts.audit.record`` writes them.

    Each row gives the action, the organisation's id, the award's id, its ``str()`` and the
    ``after`` values.
    """
    actor: User | None = job.created_by
    known = actor is not None and actor.is_authenticated
    return Insert(
        AuditEntry,
        ["action", "organisation", "object_id", "object_repr", "after"],
        fixed={
            "actor": actor.pk if known and actor else None,
            "actor_label": (actor.email or actor.username) if known and actor else "system",
            "object_type": Award._meta.label_lower,
        },
    )


def award_repr(job: BulkJob, recipient_name: str, recipient_key: str) -> str:
    """``str(award)`` without the award (see ``Award.__str__``)."""
    return f"{job.credential.title} → {recipient_name or recipient_key}"[:300]


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


def _renewals(job: BulkJob, keys: set[str]) -> dict[str, int]:
    """Each recipient's latest issued or suspended award of the credential (recertification)."""
    latest: dict[str, int] = {}
    if not keys:
        return latest
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


COUNTERS: dict[str, str] = {Row.DONE: "done", Row.FAILED: "failed", Row.SKIPPED: "skipped"}


class Settlements:
    """Rows settled in a chunk (state, message, award) and the job counters they move."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, tuple[str, str, int | None]]] = []
        self.counts = {"done": 0, "failed": 0, "skipped": 0}

    def add(self, row: ChunkRow, state: str, message: str, award_id: int | None = None) -> None:
        self.rows.append((row.pk, (state, message[:1000], award_id)))
        self.counts[COUNTERS[state]] += 1

    def write(self, job_id: int) -> None:
        Update(BulkJobRow, ["state", "message", "award"]).run(self.rows)
        count_rows(job_id, **self.counts)


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


def _existing(job: BulkJob, events: list[str], keys: set[str]) -> dict[str, tuple[Any, ...]]:
    """The awards that ``events`` already have, by event: FACT_COLUMNS values."""
    if not events or not keys:
        return {}
    wanted = set(events)
    return {
        values[-2]: values
        for values in _csv_awards(job, keys).values_list(*FACT_COLUMNS)
        if values[-2] in wanted
    }


def _csv_awards(job: BulkJob, keys: set[str]) -> Any:
    """The CSV awards of this credential to ``keys`` (a recipient has a few at most).

    Filtered by the unique index's first two columns only: SQLite would probe every pair of
    an ``IN`` on recipients and an ``IN`` on events, so the events are matched in Python.
    """
    return Award.objects.filter(
        credential_lineage=job.credential.lineage, recipient_key__in=keys, source=AwardSource.CSV
    )


def _facts(
    values: tuple[Any, ...], sequence: int | None = None, index: int | None = None
) -> AwardFacts | None:
    """AwardFacts from FACT_COLUMNS values (or with the status slot given); None while the
    award has no status index."""
    sequence = values[8] if sequence is None else sequence
    index = values[9] if index is None else index
    if sequence is None or index is None:
        return None
    pk, made, email, did, narrative, evidence_url, consent, result = values[:8]
    return AwardFacts(
        pk, made, email, did, narrative, evidence_url, consent, result, sequence, index
    )


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
    renews = _renewals(job, holders.among({recipient.key for _row, recipient in missing}))
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
        fixed={**_award_constants(job, consent), "status": AwardStatus.PENDING_APPROVAL},
        skip_conflicts=True,
    ).run(values)
    found = _inserted(job, {r.key for _row, r in missing}, planned)
    audit = []
    for event, (row, recipient, made) in planned.items():
        pk, theirs = found.get(event, (None, None))
        if pk is None:
            settled.add(row, Row.FAILED, "The award could not be created. (AWARD_NOT_CREATED)")
            continue
        if theirs == made:
            label = award_repr(job, recipient.name, recipient.key)
            audit.append(_requested_entry(job, pk, label, event))
        settled.add(row, Row.DONE, "Awaiting QA approval.", pk)
    audit_writer(job).run(audit)


AWARD_COLUMNS = (
    "recipient_key",
    "source_event",
    "recipient_email",
    "recipient_name",
    "recipient_did",
    "narrative",
    "evidence_url",
    "result",
    "renews",
)


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


def _award_constants(job: BulkJob, consent: str) -> dict[str, Any]:
    return {
        "credential": job.credential.pk,
        "issuer": job.issuer.pk,
        "credential_lineage": job.credential.lineage,
        "source": AwardSource.CSV,
        "evidence_consent": consent,
        "requested_by": job.created_by.pk if job.created_by else None,
    }


def _inserted(
    job: BulkJob, keys: set[str], events: dict[str, Any]
) -> dict[str, tuple[int, uuid.UUID]]:
    """The awards of ``events`` as they are now: event -> (id, credential_uuid)."""
    return {
        event: (pk, made)
        for pk, event, made in _csv_awards(job, keys).values_list(
            "pk", "source_event", "credential_uuid"
        )
        if event in events
    }


def _requested_entry(job: BulkJob, pk: int, label: str, event: str) -> tuple[Any, ...]:
    return (
        "issuance.award.requested",
        job.credential.organisation_id,
        str(pk),
        label,
        {"source": AwardSource.CSV.value, "source_event": event},
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
    renews = _renewals(job, holders.among({recipient.key for _row, recipient in missing}))
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


def _chunk_rows(job_id: int, now: datetime) -> list[ChunkRow]:
    qs = (
        BulkJobRow.objects.filter(job_id=job_id)
        .filter(Q(state=Row.PENDING) | Q(state=Row.CLAIMED, claimed_at__lt=now - lease()))
        .order_by("number")
    )
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    rows = qs.values_list("pk", "number", "data")[: settings.BULK_CHUNK_SIZE]
    return [ChunkRow(*values) for values in rows]


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
        rows = _chunk_rows(job_id, now)
        if not rows:
            return job, [], 0
        BulkJobRow.objects.filter(pk__in=[r.pk for r in rows]).update(
            state=Row.CLAIMED, claimed_at=now, claimed_by=worker
        )
        if job.state == BulkJob.State.QUEUED:
            BulkJob.objects.filter(pk=job.pk, state=BulkJob.State.QUEUED).update(
                state=BulkJob.State.RUNNING, started_at=now
            )
        settled = Settlements()
        holders = Holders(job)
        wanted = _recipients(job, rows, settled, holders)
        approval = bool(wanted) and rule_for(job.credential).requires_approval
        existing = _existing(
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
            elif (facts := _facts(values)) is None:
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
        facts = _facts(values, slot.sequence, slot.index)
        assert facts is not None
        claimed.append(Claimed(row.pk, values[0], issue_moment(row.data), facts, label))
    return claimed


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
    for claimed, result in signed:
        new, facts = claimed.new, claimed.facts
        assert new is not None
        values.append(
            (
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
    Insert(
        Award,
        [
            *AWARD_COLUMNS,
            "credential_uuid",
            "status_list",
            "status_index",
            "credential_json",
            "issued_at",
            "valid_from",
            "valid_until",
        ],
        fixed={**_award_constants(job, consent), "status": AwardStatus.ISSUED},
        skip_conflicts=True,
    ).run(values)
    events = {c.new.source_event: c for c, _s in signed if c.new is not None}
    found = _inserted(job, {c.new.recipient_key for c in events.values() if c.new}, events)
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
