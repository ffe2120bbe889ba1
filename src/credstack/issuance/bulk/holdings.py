"""What the recipients of a chunk already hold (step 1, claim.py): earlier awards of the job's
credential, asked about once per chunk."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from ..models import Award, AwardSource, AwardStatus, BulkJob
from .batch import ChunkRow, csv_awards
from .signing import AwardFacts

# What a claim reads of an award that already exists (AwardFacts, then its state).
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


def renewals(job: BulkJob, keys: set[str]) -> dict[str, int]:
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


def existing_awards(job: BulkJob, events: list[str], keys: set[str]) -> dict[str, tuple[Any, ...]]:
    """The awards that ``events`` already have, by event: FACT_COLUMNS values."""
    if not events or not keys:
        return {}
    wanted = set(events)
    return {
        values[-2]: values
        for values in csv_awards(job, keys).values_list(*FACT_COLUMNS)
        if values[-2] in wanted
    }


def facts_of(
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
