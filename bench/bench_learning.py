"""Benchmark: the learner dashboard and the facilitator queue, small institution vs 100,000 enrolments.

Run: ``.venv/bin/python bench/bench_learning.py`` (``make bench``). Uses a throw-away SQLite
database in a temporary directory. It measures both pages for a small institution (a few
hundred enrolments), then bulk-creates enrolments (and an open alert on every 20th) up to
100,000 and measures the same pages again, for the same learner and facilitator. Both pages
read a fixed number of queries and page the queue, so the ratio should stay near 1.
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

setup("learning")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from credstack.accounts.models import Membership, Organisation, Role, User  # noqa: E402
from credstack.catalog.models import Lifecycle, MicroCredential, Offering  # noqa: E402
from credstack.learning.models import (  # noqa: E402
    Activity,
    Alert,
    EngagementRule,
    Enrolment,
    EnrolmentStatus,
    Module,
)

TOTAL = int(os.environ.get("BENCH_LEARNING_ENROLMENTS", "100000"))
SMALL = 300
CREDENTIALS = 20
REPEATS = 15


def build_small() -> tuple[User, User, list[Offering]]:
    org = Organisation.objects.create(name="Bench Institute", slug="bench")
    facilitator = User.objects.create_user("facilitator", "f@example.org", "x")
    Membership.objects.create(user=facilitator, organisation=org, role=Role.FACILITATOR)
    learner = User.objects.create_user("learner", "l@example.org", "x")
    start = timezone.localdate() - dt.timedelta(days=14)
    offerings = []
    for i in range(CREDENTIALS):
        c = MicroCredential.objects.create(
            organisation=org,
            code=f"c-{i}",
            slug=f"c-{i}",
            title=f"Credential {i}",
            short_description="Bench",
            volume_hours=20,
            status=Lifecycle.PUBLISHED,
        )
        m = Module.objects.create(credential=c, title="Module")
        Activity.objects.bulk_create(
            [
                Activity(module=m, position=a, title=f"Activity {a}", expected_week=a + 1)
                for a in range(8)
            ]
        )
        o = Offering.objects.create(
            credential=c,
            title="Cohort",
            starts_on=start,
            ends_on=start + dt.timedelta(weeks=8),
            facilitator=facilitator,
        )
        EngagementRule.objects.create(offering=o, kind="inactive_days", threshold=7)
        offerings.append(o)
    for o in offerings[:3]:  # the measured learner's own three enrolments
        Enrolment.objects.create(
            learner=learner, offering=o, credential=o.credential, status=EnrolmentStatus.COMMENCED
        )
    grow(offerings, SMALL)
    return learner, facilitator, offerings


def grow(offerings: list[Offering], target: int) -> None:
    """Add learners with one enrolment each (and an alert on every 20th) until ``target``."""
    have = Enrolment.objects.count()
    rules = {r.offering_id: r for r in EngagementRule.objects.all()}
    batch = 5000
    now = timezone.now()
    while have < target:
        n = min(batch, target - have)
        users = User.objects.bulk_create(
            [
                User(username=f"u{have + i}", email=f"u{have + i}@example.org", password="!")
                for i in range(n)
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    learner=u,
                    offering=offerings[(have + i) % len(offerings)],
                    credential_id=offerings[(have + i) % len(offerings)].credential_id,
                    status=EnrolmentStatus.COMMENCED,
                )
                for i, u in enumerate(users)
            ]
        )
        Alert.objects.bulk_create(
            [
                Alert(
                    enrolment=e,
                    offering_id=e.offering_id,
                    rule=rules[e.offering_id],
                    period_key="bench",
                    detail="No activity",
                    raised_at=now,
                )
                for e in enrolments[::20]
            ]
        )
        have += n


def measure(client: Client, path: str) -> tuple[float, int]:
    """Median render time (ms) over REPEATS, and the query count."""
    client.get(path)  # warm caches and templates
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as q:
        client.get(path)
    return statistics.median(times), len(q.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    learner, facilitator, offerings = build_small()
    as_learner, as_facilitator = Client(), Client()
    as_learner.force_login(learner)
    as_facilitator.force_login(facilitator)
    small = {
        p: measure(c, p)
        for c, p in [(as_learner, "/learn/"), (as_facilitator, "/learn/facilitate/")]
    }
    t = time.perf_counter()
    grow(offerings, TOTAL)
    built = time.perf_counter() - t
    large = {
        p: measure(c, p)
        for c, p in [(as_learner, "/learn/"), (as_facilitator, "/learn/facilitate/")]
    }
    rows = []
    for path, name in [
        ("/learn/", "learner dashboard"),
        ("/learn/facilitate/", "facilitator queue"),
    ]:
        (s_ms, s_q), (l_ms, l_q) = small[path], large[path]
        rows.append(
            f"| {name} (`{path}`) | {s_ms:.1f} ms, {s_q} queries | {l_ms:.1f} ms, {l_q} queries | {l_ms / s_ms:.2f}x |"
        )
    alerts = Alert.objects.count()
    body = (
        f"Small institution: {SMALL + 3} enrolments; large: {Enrolment.objects.count():,} enrolments "
        f"({alerts:,} open alerts on the facilitator's queue) across {CREDENTIALS} offerings, "
        f"bulk-created in {built:.0f} s. Median of {REPEATS} renders, SQLite, one process.\n\n"
        "| page | small | 100,000 enrolments | ratio |\n|---|---:|---:|---:|\n"
        + "\n".join(rows)
        + "\n\nThe dashboard reads one query per section for the learner's own enrolments; the queue "
        "shows 25 alerts a page (oldest first, `Alert(offering, status, raised_at)` index) plus two counts, "
        "so neither grows with the institution beyond the cost of those counts."
    )
    print(body)
    from _report import write_section

    write_section(
        "learning",
        "Learning: dashboard and facilitator queue at scale",
        ".venv/bin/python bench/bench_learning.py",
        body,
    )


if __name__ == "__main__":
    main()
