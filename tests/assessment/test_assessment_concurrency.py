"""Two assessors pressing "pass" at the same moment raise one issuance trigger (PostgreSQL).

On SQLite the database serialises writers (BEGIN IMMEDIATE), so the race this guards against
cannot happen there, and threads sharing an in-memory test database would prove nothing.
"""

from __future__ import annotations

import threading

import pytest
from assessment_helpers import all_met
from django.db import close_old_connections, connection

from credstack.assessment.models import IssuanceTrigger, Judgement
from credstack.assessment.services import judge
from credstack.problems import Conflict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_passes_raise_exactly_one_trigger(cast, submission, credential) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises writers, so there is no race to test"
        )
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    judges = [cast["assessor"], cast["administrator"], cast["assessor"], cast["administrator"]]

    def press(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            judge(user, submission, all_met(credential), "pass", "")
            outcomes.append("judged")
        except Conflict:
            outcomes.append("conflict")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in judges]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "judged"]
    assert IssuanceTrigger.objects.count() == 1
    assert Judgement.objects.count() == 1
