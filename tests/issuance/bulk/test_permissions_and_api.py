"""Who may run bulk jobs (badge issuers and administrators; everyone else 403, nothing made),
and the API's view of a job's progress."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from credstack.accounts.models import Role
from credstack.issuance.models import Award, BulkJob

from .conftest import csv_bytes, people

pytestmark = pytest.mark.django_db

EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
ALLOWED = {"badge_issuer", "administrator"}


def client(client_for, who: str) -> Client:
    return Client() if who == "anonymous" else client_for(who)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_badge_issuers_and_administrators_may_upload(client_for, bulk_rule, issuer, who):
    response = client(client_for, who).post(
        "/issuance/bulk/",
        {
            "credential": bulk_rule.pk,
            "file": SimpleUploadedFile("a.csv", csv_bytes(people(3)), "text/csv"),
            "notify": "on",
            "evidence_consent": "none",
        },
    )
    if who in ALLOWED:
        assert response.status_code == 302
        assert BulkJob.objects.get().total_rows == 3
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert BulkJob.objects.count() == 0


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_only_badge_issuers_and_administrators_may_run_a_job(
    client_for, upload, who, action, django_capture_on_commit_callbacks
):
    job = upload(csv_bytes(people(2)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client(client_for, who).post(f"/issuance/bulk/{job.pk}/{action}/")
    job.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 302
        assert job.state == ("done" if action == "confirm" else "cancelled")
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert job.state == "preview" and Award.objects.count() == 0


def test_the_pages_show_the_preview_progress_and_report(
    client_for, upload, django_capture_on_commit_callbacks
):
    job = upload(csv_bytes([*people(2), "Bad,nope,,,,"]))
    web = client_for("badge_issuer")
    page = web.get(f"/issuance/bulk/{job.pk}/").content.decode()
    assert "Check before issuing" in page and "is not an email address" in page
    with django_capture_on_commit_callbacks(execute=True):
        web.post(f"/issuance/bulk/{job.pk}/confirm/")
    page = web.get(f"/issuance/bulk/{job.pk}/").content.decode()
    assert "<progress" in page and 'value="3"' in page
    report = b"".join(web.get(f"/issuance/bulk/{job.pk}/report.csv").streaming_content).decode()
    lines = report.strip().splitlines()
    assert lines[0].startswith("row,name,email") and len(lines) == 4
    assert sum("urn:uuid:" in line for line in lines) == 2
    assert web.get(f"/issuance/bulk/{job.pk}/progress.json").json()["done_rows"] == 2


def test_the_api_reports_progress_and_refuses_other_roles(
    client_for, upload, django_capture_on_commit_callbacks
):
    job = upload(csv_bytes(people(4)))
    api = client_for("badge_issuer")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = api.post(f"/api/v1/issuance/bulk/{job.pk}/confirm")
    assert confirmed.status_code == 200
    body = api.get(f"/api/v1/issuance/bulk/{job.pk}").json()
    assert body["state"] == "done" and body["done_rows"] == 4 and body["percent"] == 100.0
    rows = api.get(f"/api/v1/issuance/bulk/{job.pk}/rows").json()
    assert rows["count"] == 4 and all(r["credential_id"] for r in rows["items"])
    refused = client_for("qa_manager").get(f"/api/v1/issuance/bulk/{job.pk}")
    assert refused.status_code == 403
    assert api.get("/api/v1/issuance/bulk/999999").status_code == 404
