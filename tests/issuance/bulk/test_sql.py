"""The bulk job's statements (issuance/bulk/sql.py) on whichever database the suite runs:
executemany on SQLite, COPY on PostgreSQL from COPY_FROM rows; both below and above it."""

from __future__ import annotations

import pytest

from credstack.issuance.bulk.sql import COPY_FROM, Insert, Update
from credstack.issuance.models import BulkJobRow

from .conftest import csv_bytes, people

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [3, COPY_FROM + 20])
def test_an_insert_skipping_conflicts_adds_only_the_missing_rows_and_counts_them(upload, size):
    job = upload(csv_bytes(people(5)), notify=False)
    before = dict(job.rows.values_list("number", "data"))
    numbers = list(range(1, size + 1))  # some exist already (unique job + number)
    added = Insert(
        BulkJobRow, ["number", "data"], fixed={"job": job.pk, "errors": []}, skip_conflicts=True
    ).run([(n, {"n": n}) for n in numbers])
    assert added == len(set(numbers) - set(before)) > 0
    rows = dict(job.rows.values_list("number", "data"))
    assert sorted(rows) == sorted(set(numbers) | set(before))
    assert all(rows[n] == before[n] for n in before)  # existing rows left as they were
    assert all(rows[n] == {"n": n} for n in numbers if n not in before)


@pytest.mark.parametrize("size", [3, COPY_FROM + 20])
def test_an_update_counts_only_the_rows_its_guard_lets_through(upload, size):
    job = upload(csv_bytes(people(size)), notify=False)
    ids = list(job.rows.order_by("number").values_list("pk", flat=True))
    job.rows.filter(pk=ids[0]).update(state="done")  # the guard refuses this one
    changed = Update(
        BulkJobRow, ["message", "state"], where="state = %s", where_params=["pending"]
    ).run((pk, (f"note {pk}", "skipped")) for pk in ids)
    assert changed == size - 1
    assert job.rows.get(pk=ids[0]).message == ""
    assert set(job.rows.exclude(pk=ids[0]).values_list("state", flat=True)) == {"skipped"}


def test_a_column_with_a_fresh_default_per_row_must_be_given():
    from credstack.issuance.models import Award

    with pytest.raises(ValueError, match="credential_uuid needs a value per row"):
        Insert(Award, ["recipient_key"])
