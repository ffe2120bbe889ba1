"""The preview: every bad row is named with its reason; hostile files write nothing."""

from __future__ import annotations

import pytest

from credstack.issuance.bulk.csvfile import CsvRejected, safe_cell
from credstack.issuance.models import Award, BulkJob, BulkJobRow

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def codes(job: BulkJob) -> dict[int, set[str]]:
    return {
        row.number: {e["code"] for e in row.errors} for row in BulkJobRow.objects.filter(job=job)
    }


def test_it_flags_each_kind_of_bad_row_and_issues_nothing(upload, make_award, bulk_rule):
    make_award("held@example.org")
    rows = [
        "Good One,good1@example.org,,,Pass,2024-05-01",
        "Bad Email,not-an-email,,,,",
        "Bad Did,,,,,",
        "Bad Url,url@example.org,,ftp://x,,",
        "Bad Date,date@example.org,,,,31/12/2024",
        "Future,future@example.org,,,,2999-01-01",
        "Again,GOOD1@example.org,,,,",
        "=HYPERLINK(1),formula@example.org,,,,",
        "Held,held@example.org,,,,",
        "Numeric,num@example.org,,,-5,",
    ]
    job = upload(csv_bytes(rows))
    found = codes(job)
    assert found[2] == set() and found[11] == set()
    assert found[3] == {"RECIPIENT_EMAIL_INVALID"}
    assert found[4] == {"RECIPIENT_MISSING"}
    assert found[5] == {"EVIDENCE_URL_INVALID"}
    assert found[6] == {"ISSUE_DATE_INVALID"}
    assert found[7] == {"ISSUE_DATE_IN_FUTURE"}
    assert found[8] == {"ROW_DUPLICATE"}
    assert found[9] == {"ROW_FORMULA"}
    assert found[10] == {"ALREADY_AWARDED"}
    held = BulkJobRow.objects.get(job=job, number=10)
    assert held.message == "Already issued — will be skipped."
    assert job.summary["valid"] == 2 and job.summary["already"] == 1
    assert job.summary["invalid"] == 7 and job.total_rows == 10
    assert Award.objects.filter(source="csv").count() == 0


def test_it_accepts_a_did_column_and_a_byte_order_mark(upload):
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    job = upload(f"\ufeffname,email or DID\nAda,{did}\nBob,bob@example.org\n".encode())
    rows = BulkJobRow.objects.filter(job=job).order_by("number")
    assert [r.data.get("did", "") for r in rows] == [did, ""]
    assert all(r.state == "pending" for r in rows)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "CSV_EMPTY"),
        (b"PK\x03\x04\x14\x00 workbook", "CSV_NOT_TEXT"),
        (b"name,email\x00\nA,a@example.org\n", "CSV_NOT_TEXT"),
        ("name,email\nJos\xe9,j@example.org\n".encode("latin-1"), "CSV_ENCODING"),
        (b"name,email\n" + b"x" * 70_000 + b"\n", "CSV_LINE_TOO_LONG"),
        (b"name,phone\nAda,123\n", "CSV_HEADER_INVALID"),
        (b"name,email\n", "CSV_EMPTY"),
        (b'name,email\n"Ada,ada@example.org\n' + (b"y" * 1000 + b"\n") * 200, "CSV_MALFORMED"),
    ],
)
def test_it_rejects_a_hostile_file_and_writes_nothing(upload, data, code):
    with pytest.raises(CsvRejected) as caught:
        upload(data)
    assert caught.value.code == code
    assert BulkJob.objects.count() == 0 and BulkJobRow.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit(upload, settings):
    settings.BULK_UPLOAD_MAX_BYTES = 2048
    with pytest.raises(CsvRejected) as caught:
        upload(csv_bytes([f"P{i},p{i}@example.org,,,," for i in range(200)]))
    assert caught.value.code == "CSV_TOO_LARGE" and caught.value.status == 413
    assert BulkJob.objects.count() == 0


def test_it_refuses_a_product_whose_rule_does_not_allow_csv(upload, credential, set_rule):
    set_rule(credential, allowed_sources=["manual"])
    from credstack.problems import Forbidden

    with pytest.raises(Forbidden):
        upload(csv_bytes(["Ada,ada@example.org,,,,"]))
    assert BulkJob.objects.count() == 0


def test_report_cells_never_start_a_formula():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("Ada") == "Ada"
