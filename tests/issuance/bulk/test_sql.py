"""The bulk job's statements (issuance/bulk/sql.py) on whichever database the suite runs:
executemany on SQLite, COPY on PostgreSQL from COPY_FROM rows; both below and above it."""

from __future__ import annotations

import pytest

from credstack.issuance.bulk.sql import COPY_FROM, Insert, Update, reserve_ids
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


@pytest.mark.parametrize("size", [3, COPY_FROM + 20])
def test_json_with_djangos_encoder_is_written_as_the_orm_writes_it(size):
    """Audit values go through orjson (sql.py), yet read back exactly as the ORM's own
    ``json`` + DjangoJSONEncoder writes them: date-times, ids, decimals, integer keys."""
    import uuid
    from datetime import UTC, datetime
    from decimal import Decimal

    from credstack.accounts.models import AuditEntry

    values = {
        "at": datetime(2026, 11, 29, 16, 7, 45, 123456, tzinfo=UTC),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "credits": Decimal("2.50"),
        "nested": {1: ["a", None, True, 3.5]},
    }
    by_orm = AuditEntry.objects.create(action="test.orm", actor_label="t", after=values)
    Insert(AuditEntry, ["action", "after"], fixed={"actor_label": "t"}).run(
        [("test.bulk", values)] * size
    )
    bulk = AuditEntry.objects.filter(action="test.bulk")
    assert bulk.count() == size
    expected = AuditEntry.objects.get(pk=by_orm.pk).after
    assert expected["at"] == "2026-11-29T16:07:45.123Z" and expected["credits"] == "2.50"
    assert all(entry.after == expected for entry in bulk)


def test_reserved_ids_are_fresh_usable_and_never_given_again(upload):
    """The store inserts awards with ids reserved beforehand (no read-back): they must be ids
    no row has had, even one deleted since, and rows inserted with them keep them."""
    from django.db import transaction

    job = upload(csv_bytes(people(3)), notify=False)
    highest = max(job.rows.values_list("pk", flat=True))
    with transaction.atomic():
        ids = reserve_ids(BulkJobRow, 4)
        assert len(set(ids)) == 4 and min(ids) > highest
        added = Insert(BulkJobRow, ["id", "number", "data"], fixed={"job": job.pk, "errors": []})
        assert added.run([(pk, 100 + n, {}) for n, pk in enumerate(ids)]) == 4
    assert sorted(job.rows.filter(number__gte=100).values_list("pk", flat=True)) == sorted(ids)
    BulkJobRow.objects.filter(pk=max(ids)).delete()
    with transaction.atomic():
        again = reserve_ids(BulkJobRow, 2)
    assert min(again) > max(ids)
    assert reserve_ids(BulkJobRow, 0) == []
