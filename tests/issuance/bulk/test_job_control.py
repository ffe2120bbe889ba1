"""Pause, resume, cancel, re-running a finished job, and batch signing = issue_award."""

from __future__ import annotations

import json

import pytest

from credstack.issuance.bulk.runner import claim_chunk, process_chunk
from credstack.issuance.bulk.services import cancel_job, confirm_job, pause_job, resume_job
from credstack.issuance.bulk.signing import BatchIssuer
from credstack.issuance.models import Award, BulkJob
from credstack.issuance.services import issue_award
from credstack.problems import Conflict

from .conftest import csv_bytes, people

pytestmark = pytest.mark.django_db


def test_a_paused_job_issues_nothing_until_resumed(upload, cast, settings):
    settings.BULK_CHUNK_SIZE = 5
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "bulk"],
        }
    }
    job = upload(csv_bytes(people(12)))
    confirm_job(cast["badge_issuer"], job.pk)
    assert process_chunk(job.pk, "w1") is True
    pause_job(cast["badge_issuer"], job.pk)
    assert process_chunk(job.pk, "w1") is False
    assert Award.objects.filter(status="issued").count() == 5
    resume_job(cast["badge_issuer"], job.pk)
    while process_chunk(job.pk, "w1"):
        pass
    job.refresh_from_db()
    assert job.state == "done" and job.done_rows == 12
    assert Award.objects.filter(status="issued").count() == 12


def test_a_cancelled_job_keeps_what_was_issued_and_issues_no_more(upload, cast, settings):
    settings.BULK_CHUNK_SIZE = 4
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "bulk"],
        }
    }
    job = upload(csv_bytes(people(10)))
    confirm_job(cast["badge_issuer"], job.pk)
    process_chunk(job.pk, "w1")
    cancel_job(cast["badge_issuer"], job.pk)
    assert process_chunk(job.pk, "w1") is False
    job.refresh_from_db()
    assert job.state == "cancelled" and (job.done_rows, job.skipped_rows) == (4, 6)
    assert Award.objects.count() == 4
    with pytest.raises(Conflict):
        resume_job(cast["badge_issuer"], job.pk)


def test_running_a_finished_job_again_creates_nothing(
    upload, cast, django_capture_on_commit_callbacks
):
    job = upload(csv_bytes(people(6)))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_job(cast["badge_issuer"], job.pk)
    before = list(Award.objects.order_by("pk").values_list("pk", "status_index"))
    BulkJob.objects.filter(pk=job.pk).update(state="running")
    BulkJob.objects.get(pk=job.pk).rows.update(state="pending")
    while process_chunk(job.pk, "again"):
        pass
    assert list(Award.objects.order_by("pk").values_list("pk", "status_index")) == before
    assert BulkJob.objects.get(pk=job.pk).state == "done"


def test_a_row_claimed_again_after_a_crash_gets_one_award_and_a_fresh_index(upload, cast, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "bulk"],
        }
    }
    settings.BULK_CLAIM_LEASE_SECONDS = 1
    job = upload(csv_bytes(people(3)))
    confirm_job(cast["badge_issuer"], job.pk)
    _job, claimed, _n = claim_chunk(job.pk, "dies")  # the worker dies before signing
    abandoned = {c.facts.status_index for c in claimed if c.facts}
    assert len(claimed) == 3 == len(abandoned)
    job.rows.update(claimed_at="2000-01-01T00:00:00Z")  # its lease ran out
    while process_chunk(job.pk, "survivor"):
        pass
    indices = set(Award.objects.values_list("status_index", flat=True))
    assert len(indices) == 3 and not indices & abandoned
    assert Award.objects.filter(status="issued").count() == 3


def test_batch_signing_is_byte_identical_to_issue_award(make_award, issuer, credential, set_rule):
    set_rule(credential, requires_approval=True, include_result=True)
    # A DID subject: an email subject gets a fresh random salt at every build (by design).
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    award = make_award("", did=did, result={"value": "Merit"}, narrative="Led the project")
    award = issue_award(award)
    stored = award.credential_json
    created = stored["proof"][0]["created"]
    batch = BatchIssuer(issuer, credential, created=created)
    again = Award.objects.select_related("status_list").get(pk=award.pk)
    signed = batch.sign(again, award.issued_at)
    assert signed.error == ""
    assert json.dumps(signed.credential) == json.dumps(stored)
