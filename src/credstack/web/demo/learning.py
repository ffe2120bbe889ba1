"""Demo learning: terms, course outlines, engagement rules, and learners at every phase.

Runs after ``catalog``. Python for Data Analysis (DATA-101) gets a cohort already running
(learners commenced with progress, one inactive with an open alert, one submitted) and a
finished cohort (a completed learner who can celebrate); a small mentoring circle is full, so
one learner waits on its waitlist; another is confirmed for a cohort that starts soon.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential, Offering
from credstack.learning.models import (
    Activity,
    EngagementRule,
    Enrolment,
    Module,
    TermsVersion,
)
from credstack.learning.services import (
    ask_for_help,
    enrol,
    evaluate_engagement,
    mark_completed,
    mark_submitted,
    record_statement,
)

from . import DemoContext, DemoLogin

TERMS_TEXT = """1. Enrolment. Your enrolment is confirmed when you accept these terms and the commitment shown for your offering.
2. Fees. Fees are due before the start date unless a fee waiver applies. Withdraw before the start for a full refund.
3. Academic integrity. Work you submit for assessment must be your own; you may use tools and sources you acknowledge.
4. Records. We keep your enrolment, progress and results to support you, to assess you and to issue your credential.
5. Credentials. A credential is issued in your name when you meet every assessment criterion; you own it and choose where to share it."""

# Hand-written outline for the demo's flagship credential: (module, [(activity, kind, week)]).
DATA_101_OUTLINE = [
    (
        "Getting data into pandas",
        [
            ("Set up your Python notebook", "practice", 1),
            ("Reading CSV, Excel and SQL sources", "reading", 1),
            ("Quiz: data frames and types", "quiz", 2),
        ],
    ),
    (
        "Cleaning and reshaping",
        [
            ("Missing values and duplicates", "video", 2),
            ("Tidy data: melt, pivot and merge", "practice", 3),
            ("Document your cleaning decisions", "discussion", 3),
        ],
    ),
    (
        "Answering a business question",
        [
            ("Grouped statistics with groupby", "practice", 4),
            ("Case study: library loans by branch", "assessment", 5),
        ],
    ),
]


def _outline(credential: MicroCredential) -> list[Activity]:
    if credential.code.upper().startswith("DATA-101"):
        plan = DATA_101_OUTLINE
    else:
        # Other credentials get one module per learning outcome: study, then practise it.
        plan = [
            (
                outcome.text.rstrip("."),
                [
                    ("Study the key ideas", "reading", 2 * i + 1),
                    ("Practise with a worked example", "practice", 2 * i + 2),
                ],
            )
            for i, outcome in enumerate(credential.outcomes.all())
        ]
    activities: list[Activity] = []
    for m, (title, items) in enumerate(plan):
        module = Module.objects.create(credential=credential, position=m, title=title)
        for a, (name, kind, week) in enumerate(items):
            activities.append(
                Activity.objects.create(
                    module=module,
                    position=a,
                    title=name,
                    kind=kind,
                    expected_week=week,
                )
            )
    return activities


def _learner(ctx: DemoContext, username: str, first: str, last: str, what: str) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@learners.example.net",
        password=ctx.password,
        first_name=first,
        last_name=last,
        display_name=f"{first} {last}",
    )
    ctx.users[username] = user
    ctx.logins.append(DemoLogin(username, user.name, f"learner ({what})"))
    return user


def _did(enrolment: Enrolment, activities: list[Activity], n: int, last_at: dt.datetime) -> None:
    """Record the first ``n`` activities as completed, the last one at ``last_at``."""
    for i, activity in enumerate(activities[:n]):
        record_statement(
            enrolment,
            statement_id=uuid.uuid4(),
            verb="completed",
            activity_id=activity.pk,
            timestamp=last_at - dt.timedelta(days=2 * (n - 1 - i)),
            source="learner",
            recorded_by=enrolment.learner,
        )


def build(ctx: DemoContext) -> None:
    org = ctx.institution
    now = timezone.now()
    today = timezone.localdate(now)
    terms = TermsVersion.objects.create(
        organisation=org,
        version=1,
        title="Northbridge terms of enrolment",
        text=TERMS_TEXT,
        learner_obligations=(
            "Spend the stated hours each week, take part in your cohort's activities, submit your "
            "own work by the published dates, and tell your facilitator early if you fall behind."
        ),
        provider_obligations=(
            "Run every activity as scheduled, give you a named facilitator who replies within two "
            "working days, assess your work against the published criteria within ten working "
            "days, and issue your digital credential when you meet them."
        ),
        effective_from=today - dt.timedelta(days=400),
    )
    credentials: dict[str, MicroCredential] = ctx.extra["catalog"]["credentials"]
    outlines = {code: _outline(c) for code, c in credentials.items() if c.status == "published"}
    data = credentials["DATA-101"]
    facilitator = ctx.users.get("facilitator")
    running = Offering.objects.create(
        credential=data,
        title="Winter cohort",
        starts_on=today - dt.timedelta(days=24),
        ends_on=today + dt.timedelta(days=18),
        enrol_by=today - dt.timedelta(days=30),
        capacity=30,
        facilitator=facilitator,
        hours_per_week=4,
    )
    finished = Offering.objects.create(
        credential=data,
        title="Autumn cohort",
        starts_on=today - dt.timedelta(days=120),
        ends_on=today - dt.timedelta(days=78),
        enrol_by=today - dt.timedelta(days=127),
        capacity=30,
        facilitator=facilitator,
        hours_per_week=4,
    )
    lead = credentials["LEAD-110"]
    circle = Offering.objects.create(
        credential=lead,
        title="Mentoring circle (small group)",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=66),
        enrol_by=today + dt.timedelta(days=5),
        capacity=2,
        facilitator=facilitator,
        hours_per_week=3,
    )
    for offering in Offering.objects.filter(credential__organisation=org):
        for kind, threshold in [("inactive_days", 7), ("behind_pace", 2), ("failed_attempt", 1)]:
            EngagementRule.objects.create(offering=offering, kind=kind, threshold=threshold)

    def enrol_at(user: User, offering: Offering, when: dt.datetime) -> Enrolment:
        return enrol(user, offering, accepted=True, terms_version_id=terms.pk, now=when)

    before = {
        o.pk: timezone.make_aware(
            dt.datetime.combine((o.enrol_by or o.starts_on) - dt.timedelta(days=3), dt.time(10))
        )
        for o in (running, finished, circle)
    }
    sophie, mateo, aisha, ben = (ctx.users[f"learner{i}"] for i in range(1, 5))
    acts = outlines["DATA-101"]

    # Completed last autumn (celebrate), and confirmed for the security cohort that starts soon.
    done = enrol_at(sophie, finished, before[finished.pk])
    _did(done, acts, len(acts), now - dt.timedelta(days=85))
    mark_submitted(done, now=now - dt.timedelta(days=84))
    mark_completed(done, now=now - dt.timedelta(days=80))
    spring_sec = (
        Offering.objects.filter(credential=credentials["SEC-101"]).order_by("starts_on").first()
    )
    if spring_sec is not None:
        enrol_at(sophie, spring_sec, now)

    # The running cohort: on track with progress, inactive (raises an alert), submitted.
    on_track = enrol_at(mateo, running, before[running.pk])
    _did(on_track, acts, 4, now - dt.timedelta(days=1))
    ask_for_help(
        on_track,
        learner=mateo,
        activity_id=acts[4].pk,
        message="In the tidy-data exercise, should I melt before or after merging the branch table?",
    )
    quiet = enrol_at(aisha, running, before[running.pk])
    _did(quiet, acts, 2, now - dt.timedelta(days=12))
    finished_early = enrol_at(ben, running, before[running.pk])
    _did(finished_early, acts, len(acts), now - dt.timedelta(days=2))
    mark_submitted(finished_early, now=now - dt.timedelta(days=1))

    # A full mentoring circle, with someone waiting for a place.
    extra = [
        _learner(ctx, "learner5", "Chloé", "Martin", "team lead"),
        _learner(ctx, "learner6", "Kwame", "Boateng", "new manager"),
    ]
    for user in extra:
        enrol_at(user, circle, now)
    enrol_at(mateo, circle, now)  # waitlisted: number 1

    evaluate_engagement(now)
    ctx.extra["learning"] = {
        "terms": terms,
        "running": running,
        "finished": finished,
        "circle": circle,
    }
