"""Benchmark: the assessor queue for a small institution vs 20,000 submissions.

Run: ``.venv/bin/python bench/bench_assessment.py`` (``make bench``). Uses a throw-away SQLite
database in a temporary directory. It renders the assessor's queue (first page, oldest first,
awaiting review) with 30 submissions, then bulk-creates submissions up to 20,000 (a tenth of
them already decided, some late, some resubmissions) and renders it again. The queue reads a
fixed number of queries and pages by 50, so the ratio should stay small; the count query and
the index on (status, submitted_at) are what grow.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _django import setup  # noqa: E402

setup("assessment")

from _report import write_section  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from credstack.accounts.models import Membership, Organisation, Role, User  # noqa: E402
from credstack.assessment.models import Submission, SubmissionStatus  # noqa: E402
from credstack.catalog.models import (  # noqa: E402
    AssessmentCriterion,
    Lifecycle,
    MicroCredential,
    Offering,
)

TOTAL = int(os.environ.get("BENCH_ASSESSMENT_SUBMISSIONS", "20000"))
SMALL = 30
CREDENTIALS = 5
REPEATS = 15


def build() -> tuple[User, list[MicroCredential], list[Offering]]:
    org = Organisation.objects.create(name="Bench Institute", slug="bench")
    assessor = User.objects.create_user("assessor", "a@example.org", "x")
    Membership.objects.create(user=assessor, organisation=org, role=Role.ASSESSOR)
    credentials, offerings = [], []
    today = timezone.localdate()
    for n in range(CREDENTIALS):
        credential = MicroCredential.objects.create(
            organisation=org,
            code=f"BENCH-{n}",
            slug=f"bench-{n}",
            title=f"Bench credential {n}",
            short_description="A credential for the benchmark.",
            volume_hours=20,
            status=Lifecycle.PUBLISHED,
        )
        AssessmentCriterion.objects.create(credential=credential, text="Does the thing well")
        credentials.append(credential)
        offerings.append(
            Offering.objects.create(
                credential=credential,
                title="Cohort",
                starts_on=today - dt.timedelta(days=60),
                ends_on=today + dt.timedelta(days=10),
            )
        )
    return assessor, credentials, offerings


def add_submissions(
    start: int, stop: int, credentials: list[MicroCredential], offerings: list[Offering]
) -> None:
    base = timezone.now() - dt.timedelta(days=365)
    batch = 2000
    for first in range(start, stop, batch):
        last = min(first + batch, stop)
        learners = User.objects.bulk_create(
            User(username=f"learner-{i}", email=f"learner-{i}@example.org")
            for i in range(first, last)
        )
        rows = []
        for i, learner in zip(range(first, last), learners, strict=True):
            k = i % CREDENTIALS
            rows.append(
                Submission(
                    learner=learner,
                    credential=credentials[k],
                    offering=offerings[k],
                    submitted_at=base + dt.timedelta(seconds=i * 60),
                    receipt_number=f"CS-2026-{i:06d}",
                    status=SubmissionStatus.PASSED if i % 10 == 0 else SubmissionStatus.SUBMITTED,
                    is_late=i % 17 == 0,
                    attempt=2 if i % 13 == 0 else 1,
                )
            )
        Submission.objects.bulk_create(rows)


def measure(client: Client) -> tuple[float, int]:
    client.get("/assessment/queue/")  # warm caches and templates
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get("/assessment/queue/")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), len(ctx.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    assessor, credentials, offerings = build()
    client = Client()
    client.force_login(assessor)
    add_submissions(0, SMALL, credentials, offerings)
    small_time, small_queries = measure(client)
    started = time.perf_counter()
    add_submissions(SMALL, TOTAL, credentials, offerings)
    built = time.perf_counter() - started
    large_time, large_queries = measure(client)
    ratio = large_time / small_time
    body = f"""
A small institution's assessor queue ({SMALL} submissions) against the same institution with
{TOTAL:,} submissions over {CREDENTIALS} credentials (bulk-created in {built:.0f} s; a tenth
already passed, about 6% late, about 8% resubmissions). First page of the default view
(awaiting a decision, oldest first, 50 a page). Median of {REPEATS} renders, SQLite, one process.

| submissions | median render | queries |
|---:|---:|---:|
| {SMALL} | {small_time * 1000:.1f} ms | {small_queries} |
| {TOTAL:,} | {large_time * 1000:.1f} ms | {large_queries} |

Render-time ratio (large / small): **{ratio:.2f}x**. The query count does not grow with the
number of submissions; what grows is the count for the pager and the index walk for the page
(and the small page shows {SMALL} rows where the large one shows 50).
"""
    write_section(
        "assessment",
        "Assessment: the assessor queue at scale",
        ".venv/bin/python bench/bench_assessment.py",
        body,
    )
    print(body)


if __name__ == "__main__":
    main()
