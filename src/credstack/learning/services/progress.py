"""Recording progress (xAPI-style statements) and reading it back per enrolment.

xAPI 1.0.3 §2.4.1: a statement's id is set by its maker; an LRS that receives a statement with
an id it already holds must not store it again, and must reject it when the content differs.
We compare the fields that make a statement (enrolment, verb, activity, timestamp, source).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.models import User

from ..errors import EnrolmentClosed, InvalidInput, StatementConflict
from ..models import Activity, Enrolment, EnrolmentStatus, Module, ProgressStatement, Verb
from ..models.progress import DONE_VERBS
from .milestones import mark_commenced

# An LMS clock a little ahead of ours is normal; a statement dated later than this is a mistake.
CLOCK_SKEW = dt.timedelta(minutes=5)
_RECORDABLE = (EnrolmentStatus.COMMITTED, EnrolmentStatus.COMMENCED, EnrolmentStatus.SUBMITTED)


def _same(
    stmt: ProgressStatement,
    enrolment: Enrolment,
    verb: str,
    activity_id: int,
    timestamp: dt.datetime,
    source: str,
) -> bool:
    return (
        stmt.enrolment_id == enrolment.pk
        and stmt.verb == verb
        and stmt.activity_id == activity_id
        and stmt.timestamp == timestamp
        and stmt.source == source
    )


def _replay(
    statement_id: uuid.UUID,
    enrolment: Enrolment,
    verb: str,
    activity_id: int,
    timestamp: dt.datetime,
    source: str,
) -> ProgressStatement | None:
    stmt = ProgressStatement.objects.filter(statement_id=statement_id).first()
    if stmt is None:
        return None
    if not _same(stmt, enrolment, verb, activity_id, timestamp, source):
        raise StatementConflict(
            f"Statement {statement_id} was already recorded with different content; "
            "a statement id may not be reused."
        )
    return stmt


@transaction.atomic
def record_statement(
    enrolment: Enrolment,
    *,
    statement_id: uuid.UUID,
    verb: str,
    activity_id: int,
    timestamp: dt.datetime,
    source: str,
    recorded_by: User | None,
    now: dt.datetime | None = None,
) -> tuple[ProgressStatement, bool]:
    """Store one progress statement; return it and whether it was new.

    Replaying the same id with the same content returns the stored statement (no new row);
    the same id with different content raises ``STATEMENT_CONFLICT`` (409). The first
    statement of a confirmed enrolment marks it commenced.
    """
    now = now or timezone.now()
    if verb not in Verb.values:
        raise InvalidInput(
            f"Unknown verb {verb!r}; use one of {', '.join(Verb.values)}.", code="UNKNOWN_VERB"
        )
    if source not in ProgressStatement.Source.values:
        raise InvalidInput(f"Unknown source {source!r}.", code="UNKNOWN_SOURCE")
    if timezone.is_naive(timestamp):
        raise InvalidInput(
            "The timestamp needs a time zone (e.g. 2025-03-01T10:00:00Z).", code="TIMESTAMP_NAIVE"
        )
    if timestamp > now + CLOCK_SKEW:
        raise InvalidInput(
            f"The timestamp {timestamp.isoformat()} is in the future.", code="TIMESTAMP_IN_FUTURE"
        )
    existing = _replay(statement_id, enrolment, verb, activity_id, timestamp, source)
    if existing is not None:
        return existing, False
    if not Activity.objects.filter(
        pk=activity_id, module__credential_id=enrolment.credential_id
    ).exists():
        raise InvalidInput(
            f"Activity {activity_id} is not part of {enrolment.credential.title}.",
            code="ACTIVITY_NOT_IN_CREDENTIAL",
        )
    if enrolment.status not in _RECORDABLE:
        raise EnrolmentClosed(
            f"Progress cannot be recorded on a {enrolment.get_status_display().lower()} enrolment."
        )
    try:
        with transaction.atomic():
            stmt = ProgressStatement.objects.create(
                statement_id=statement_id,
                enrolment=enrolment,
                verb=verb,
                activity_id=activity_id,
                timestamp=timestamp,
                source=source,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        # A concurrent request stored the same id first: answer as a replay would.
        replayed = _replay(statement_id, enrolment, verb, activity_id, timestamp, source)
        if replayed is None:
            raise
        return replayed, False
    if enrolment.status == EnrolmentStatus.COMMITTED:
        mark_commenced(enrolment, now=now)
    return stmt, True


@dataclass
class ActivityState:
    activity: Activity
    done: bool
    last_verb: str
    due_on: dt.date


@dataclass
class ModuleOutline:
    module: Module
    activities: list[ActivityState]


def due_on(enrolment: Enrolment, activity: Activity) -> dt.date:
    """The date by which the pace expects ``activity`` done: the end of its expected week."""
    return enrolment.offering.starts_on + dt.timedelta(weeks=activity.expected_week, days=-1)


def course_outline(enrolment: Enrolment) -> list[ModuleOutline]:
    """The enrolment's modules and activities, each marked done or not (three queries)."""
    modules = list(
        Module.objects.filter(credential_id=enrolment.credential_id).prefetch_related("activities")
    )
    last: dict[int, str] = {}
    done: set[int] = set()
    for activity_id, verb in (
        ProgressStatement.objects.filter(enrolment=enrolment)
        .order_by("timestamp", "id")
        .values_list("activity_id", "verb")
    ):
        last[activity_id] = verb
        if verb in DONE_VERBS:
            done.add(activity_id)
    return [
        ModuleOutline(
            m,
            [
                ActivityState(a, a.pk in done, last.get(a.pk, ""), due_on(enrolment, a))
                for a in m.activities.all()
            ],
        )
        for m in modules
    ]
