"""Confirm → job → N awards, each issued once, with unique status indices and valid proofs."""

from __future__ import annotations

import pytest

from credstack.issuance.bulk.services import confirm_job
from credstack.issuance.models import Award, BulkJob, BulkJobRow

from .conftest import csv_bytes, people

pytestmark = pytest.mark.django_db


def test_a_confirmed_job_issues_one_award_per_valid_row(
    upload, cast, settings, django_capture_on_commit_callbacks
):
    settings.BULK_CHUNK_SIZE = 7
    job = upload(csv_bytes(people(25)))
    assert job.state == BulkJob.State.PREVIEW and Award.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        confirm_job(cast["badge_issuer"], job.pk)
    job.refresh_from_db()
    assert job.state == BulkJob.State.DONE
    assert (job.done_rows, job.failed_rows, job.skipped_rows) == (25, 0, 0)
    awards = Award.objects.filter(source="csv")
    assert awards.count() == 25
    assert all(a.credential_json is not None and a.status == "issued" for a in awards)
    indices = list(awards.values_list("status_list_id", "status_index"))
    assert len(set(indices)) == 25
    assert set(BulkJobRow.objects.filter(job=job).values_list("state", flat=True)) == {"done"}
