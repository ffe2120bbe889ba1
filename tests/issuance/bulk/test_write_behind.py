"""Writing behind (runner.work_job on PostgreSQL): chunk k is stored by a second thread on
its own connection while the worker claims and signs chunk k+1. The outcome must be the same
as chunk after chunk: every row once, unique indices, the job done only when all is stored,
and no deadlock between a claim holding the status list and a store checking its key."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from credstack.issuance.bulk import runner
from credstack.issuance.bulk.services import confirm_job
from credstack.issuance.models import Award, BulkJob, BulkJobRow

from .conftest import csv_bytes, people

# Real commits: the store thread's connection must see what the test set up.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store_threads(monkeypatch):  # type: ignore[no-untyped-def]
    """The names of the threads that ran each store (the real store runs)."""
    seen: list[str] = []
    real = runner.store_chunk

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "store_chunk", recording)
    return seen


@pytest.mark.parametrize(
    ("rows", "chunk"),
    [
        (85, 10),  # many chunks, each store overlapping the next claim
        (130, 60),  # chunks past COPY_FROM: PostgreSQL COPYs them in, with reserved ids
    ],
)
def test_a_job_written_behind_issues_every_row_once_and_finishes(
    upload, cast, settings, quiet_queue, store_threads, rows, chunk
):
    settings.BULK_CHUNK_SIZE = chunk
    job = upload(csv_bytes(people(rows)), notify=False)
    confirm_job(cast["badge_issuer"], job.pk)

    assert runner.work_job(job.pk, "w1") is False

    job.refresh_from_db()
    assert job.state == BulkJob.State.DONE
    assert (job.done_rows, job.failed_rows, job.skipped_rows) == (rows, 0, 0)
    awards = Award.objects.filter(source="csv")
    assert awards.count() == rows == awards.values("source_event").distinct().count()
    assert awards.filter(status="issued", credential_json__isnull=False).count() == rows
    indices = list(awards.values_list("status_list_id", "status_index"))
    assert len(set(indices)) == rows
    assert set(BulkJobRow.objects.filter(job=job).values_list("state", flat=True)) == {"done"}
    # Each row points at its own award (the ids the store reserved and inserted with).
    pairs = BulkJobRow.objects.filter(job=job).values_list("number", "award__source_event")
    assert all(event == f"bulk:{job.pk}:{number}" for number, event in pairs)
    assert len(store_threads) == -(-rows // chunk)
    if connection.vendor == "postgresql":
        assert all(name.startswith("bulk-db") for name in store_threads)
    else:  # one writer: stored by the worker itself, chunk after chunk
        assert set(store_threads) == {threading.current_thread().name}


def test_a_slice_hands_over_with_rows_left_and_nothing_in_flight(
    upload, cast, settings, quiet_queue, store_threads
):
    settings.BULK_CHUNK_SIZE = 10
    job = upload(csv_bytes(people(40)), notify=False)
    confirm_job(cast["badge_issuer"], job.pk)

    assert runner.work_job(job.pk, "w1", seconds=0) is True  # one chunk, then hand over

    # The chunk it claimed is stored before it returns: none is left claimed.
    rows = BulkJobRow.objects.filter(job=job)
    assert rows.filter(state="claimed").count() == 0
    assert rows.filter(state="done").count() == 10 == Award.objects.count()
    assert runner.work_job(job.pk, "w2") is False
    assert Award.objects.count() == 40
