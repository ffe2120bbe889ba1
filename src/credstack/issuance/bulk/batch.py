"""The bulk job's batch path: a chunk's awards, status indices and audit entries in a fixed
number of statements, whatever the chunk size. This module holds what the steps share;
claim.py (with holdings.py, what the rows' recipients already hold) and store.py hold the
steps (decision 0004).

The per-row trigger path (``request_award`` then ``issue_award``) costs about fifteen
queries per award. A bulk job issues thousands of awards of ONE credential for ONE issuer, so
everything that does not depend on the row is done once per chunk, and the per-row writes go
through one prepared statement each (sql.py):

1. *Claim* (one transaction, :func:`.claim.claim_chunk`). The chunk's rows are locked (``SKIP
   LOCKED`` on PostgreSQL; SQLite serialises writers) and marked claimed. Awards the rows
   already have are read by their identity (lineage, recipient key, ``source="csv"``,
   ``source_event="bulk:<job>:<row>"``). Each row whose award is released at once gets a
   fresh credential id and a status index, all under ONE lock of the issuer's revocation
   list (the high-water mark moves by the number needed; each index is the list's keyed
   permutation of its mark, ``allocation.take_slots``, so indices look random, BSL §6.2, and
   never repeat). Nothing is written per row. When QA must approve first, the awards are
   inserted here instead, waiting in the approval queue, each with its
   ``issuance.award.requested`` entry.
2. *Sign* (no transaction): ``runner.sign_chunk`` with ``signing.BatchIssuer``, from the
   facts read in step 1 (no second read of the awards).
3. *Store* (one transaction, :func:`.store.store_chunk`): the awards are inserted complete
   (issued, with credential, dates and index) with ``ON CONFLICT DO NOTHING`` on the unique
   constraint ``issuance_award_once_per_event``, so exactly-once rests on the database, as in
   ``request_award``; an award we inserted is recognised by the ``credential_uuid`` we gave
   it and gets one ``issuance.award.issued`` entry naming its source event. Awards that
   existed unissued are issued only where they still have no credential. Rows move to done.

A worker killed at any point loses only its uncommitted transaction: claimed rows come back
when their lease runs out and get new indices; those the dead worker reserved are never used,
since the list's mark moved past them in a committed transaction. So no index is ever given
to two credentials.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from credstack.accounts.models import AuditEntry, User

from ..models import (
    Award,
    AwardSource,
    BulkJob,
    BulkJobRow,
)
from .signing import AwardFacts
from .sql import Insert, Update

Row = BulkJobRow.State


ACTIVE = (BulkJob.State.QUEUED, BulkJob.State.RUNNING)


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


def csv_awards(job: BulkJob, keys: set[str]) -> Any:
    """The CSV awards of this credential to ``keys`` (a recipient has a few at most).

    Filtered by the unique index's first two columns only: SQLite would probe every pair of
    an ``IN`` on recipients and an ``IN`` on events, so the events are matched in Python.
    """
    return Award.objects.filter(
        credential_lineage=job.credential.lineage, recipient_key__in=keys, source=AwardSource.CSV
    )


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


def award_constants(job: BulkJob, consent: str) -> dict[str, Any]:
    return {
        "credential": job.credential.pk,
        "issuer": job.issuer.pk,
        "credential_lineage": job.credential.lineage,
        "source": AwardSource.CSV,
        "evidence_consent": consent,
        "requested_by": job.created_by.pk if job.created_by else None,
    }


def inserted(
    job: BulkJob, keys: set[str], events: dict[str, Any]
) -> dict[str, tuple[int, uuid.UUID]]:
    """The awards of ``events`` as they are now: event -> (id, credential_uuid)."""
    return {
        event: (pk, made)
        for pk, event, made in csv_awards(job, keys).values_list(
            "pk", "source_event", "credential_uuid"
        )
        if event in events
    }


def requested_entry(job: BulkJob, pk: int, label: str, event: str) -> tuple[Any, ...]:
    return (
        "issuance.award.requested",
        job.credential.organisation_id,
        str(pk),
        label,
        {"source": AwardSource.CSV.value, "source_event": event},
    )
