"""The assessor queue: scope, filters, oldest first, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt

from assessment_helpers import make_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from credstack.assessment.models import Submission


def many(credential, offering, n: int, start: int = 0, **extra):  # type: ignore[no-untyped-def]
    """``n`` submissions from ``n`` learners, a day apart (oldest first by index)."""
    base = timezone.now() - dt.timedelta(days=400)
    rows = []
    for i in range(start, start + n):
        learner = make_user(f"queue-learner-{i}")
        rows.append(
            Submission(
                learner=learner,
                credential=credential,
                offering=offering,
                submitted_at=base + dt.timedelta(days=i),
                receipt_number=f"CS-2026-{900000 + i}",
                **extra,
            )
        )
    return Submission.objects.bulk_create(rows)


def receipts(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.receipt_number for s in response.context["page"].object_list]


def test_the_queue_lists_oldest_first(client_for, credential, offering) -> None:
    made = many(credential, offering, 3)
    response = client_for("assessor").get(reverse("assessment:queue"))
    assert response.status_code == 200
    assert receipts(response) == [s.receipt_number for s in made]


def test_the_queue_filters_by_late_attempt_status_and_credential(
    client_for, credential, offering
) -> None:
    on_time = many(credential, offering, 2)
    late = many(credential, offering, 1, start=10, is_late=True)
    second = many(credential, offering, 1, start=20, attempt=2)
    done = many(credential, offering, 1, start=30, status="passed")
    client = client_for("assessor")
    url = reverse("assessment:queue")
    assert receipts(client.get(url, {"late": "yes"})) == [late[0].receipt_number]
    assert receipts(client.get(url, {"attempt": "2"})) == [second[0].receipt_number]
    assert len(receipts(client.get(url, {"attempt": "1"}))) == 3
    assert receipts(client.get(url, {"status": "passed"})) == [done[0].receipt_number]
    assert len(receipts(client.get(url, {"status": "all"}))) == 5
    assert receipts(client.get(url, {"credential": "999999"})) == []
    assert len(receipts(client.get(url, {"credential": str(credential.pk)}))) == 4
    assert on_time  # the two on-time first attempts are in the default view above


def test_rubbish_filter_values_are_ignored_not_fatal(client_for, credential, offering) -> None:
    many(credential, offering, 2)
    response = client_for("assessor").get(
        reverse("assessment:queue"),
        {"credential": "x';--", "attempt": "-1", "late": "perhaps", "page": "9999"},
    )
    assert response.status_code == 200 and len(receipts(response)) == 2


def test_an_industry_assessor_sees_only_the_invited_credentials_submissions(
    client, industry_assessor, credential, offering, org
) -> None:
    from credstack.catalog.models import Lifecycle, MicroCredential, Offering

    other = MicroCredential.objects.create(
        organisation=org,
        code="SEC-201",
        slug="secure-coding",
        title="Secure Coding Basics",
        short_description="Write code that resists common attacks.",
        volume_hours=20,
        status=Lifecycle.PUBLISHED,
    )
    other_offering = Offering.objects.create(
        credential=other, title="Autumn", starts_on=offering.starts_on, ends_on=offering.ends_on
    )
    mine = many(credential, offering, 1)
    many(other, other_offering, 2, start=50)
    client.force_login(industry_assessor)
    response = client.get(reverse("assessment:queue"))
    assert receipts(response) == [mine[0].receipt_number]
    assert "Secure Coding Basics" not in response.content.decode()


def _queries_for_queue(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("assessment:queue"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_query_count_stays_bounded_as_submissions_grow(
    client_for, credential, offering
) -> None:
    client = client_for("assessor")
    many(credential, offering, 3)
    at_three = _queries_for_queue(client)
    many(credential, offering, 27, start=3)
    at_thirty = _queries_for_queue(client)
    assert at_thirty == at_three, (at_three, at_thirty)
    assert at_thirty <= 12
