"""Engagement monitoring: rules raise alerts on the facilitator's queue and nudge the learner.

Evaluation is idempotent. Each firing is an Alert unique on (rule, enrolment, period_key):
the period is what makes a firing new (the day activity stopped, the week the learner fell
behind, the failed statement), so re-running the command in the same period raises nothing,
and a learner with an alert still open is not alerted again by the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from ..models import Activity, Alert, EngagementRule, Enrolment, EnrolmentStatus, ProgressStatement
from ..models.progress import DONE_VERBS, Verb
from . import notifications

Kind = EngagementRule.Kind
_WATCHED = (EnrolmentStatus.COMMITTED, EnrolmentStatus.COMMENCED)
DEFAULT_RULES = {Kind.INACTIVE_DAYS: 7, Kind.BEHIND_PACE: 2, Kind.FAILED_ATTEMPT: 1}


def _firings(
    rule: EngagementRule,
    enrolment: Enrolment,
    now: dt.datetime,
    due_count: int,
    failed: list[ProgressStatement],
) -> list[tuple[str, str]]:
    """The (period_key, detail) pairs ``rule`` raises for ``enrolment`` now."""
    offering = enrolment.offering
    if rule.kind == Kind.INACTIVE_DAYS:
        start = timezone.make_aware(dt.datetime.combine(offering.starts_on, dt.time.min))
        since = enrolment.last_at or max(start, enrolment.committed_at or start)  # type: ignore[attr-defined]
        idle = (now - since).days
        if idle >= rule.threshold:
            return [(f"inactive-since-{since.date().isoformat()}", f"No activity for {idle} days")]
        return []
    if rule.kind == Kind.BEHIND_PACE:
        behind = due_count - enrolment.done_count  # type: ignore[attr-defined]
        if behind >= rule.threshold:
            week = (timezone.localdate(now) - offering.starts_on).days // 7 + 1
            return [(f"behind-week-{week}", f"{behind} activities behind the expected pace")]
        return []
    return [(f"failed-{s.statement_id}", f"Failed attempt at {s.activity.title}") for s in failed]


def evaluate_engagement(now: dt.datetime | None = None) -> list[Alert]:
    """Apply every enabled rule to every running enrolment; return the alerts raised.

    Runs per offering in its own transaction, so one offering's failure does not undo
    another's alerts; the learner's nudge is queued with its alert (both or neither).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules_by_offering: dict[int, list[EngagementRule]] = defaultdict(list)
    for rule in EngagementRule.objects.filter(
        enabled=True, offering__starts_on__lte=today, offering__ends_on__gte=today
    ).select_related("offering"):
        rules_by_offering[rule.offering_id].append(rule)
    raised: list[Alert] = []
    for offering_id, rules in rules_by_offering.items():
        with transaction.atomic():
            raised.extend(_evaluate_offering(offering_id, rules, now))
    return raised


def _evaluate_offering(
    offering_id: int, rules: list[EngagementRule], now: dt.datetime
) -> list[Alert]:
    enrolments = list(
        Enrolment.objects.filter(offering_id=offering_id, status__in=_WATCHED)
        .select_related("learner", "offering__credential")
        .annotate(
            last_at=Max("statements__timestamp"),
            done_count=Count(
                "statements__activity", filter=Q(statements__verb__in=DONE_VERBS), distinct=True
            ),
        )
    )
    if not enrolments:
        return []
    offering = enrolments[0].offering
    weeks_passed = (timezone.localdate(now) - offering.starts_on).days // 7
    due_count = Activity.objects.filter(
        module__credential_id=offering.credential_id, expected_week__lte=weeks_passed
    ).count()
    failed: dict[int, list[ProgressStatement]] = defaultdict(list)
    if any(r.kind == Kind.FAILED_ATTEMPT for r in rules):
        for s in ProgressStatement.objects.filter(
            enrolment__in=enrolments, verb=Verb.FAILED
        ).select_related("activity"):
            failed[s.enrolment_id].append(s)
    existing = set(
        Alert.objects.filter(rule__in=rules).values_list("rule_id", "enrolment_id", "period_key")
    )
    busy = set(
        Alert.objects.filter(rule__in=rules)
        .exclude(status=Alert.Status.RESOLVED)
        .values_list("rule_id", "enrolment_id")
    )
    raised: list[Alert] = []
    for enrolment in enrolments:
        for rule in rules:
            if (rule.pk, enrolment.pk) in busy:
                continue
            for period_key, detail in _firings(
                rule, enrolment, now, due_count, failed[enrolment.pk]
            ):
                if (rule.pk, enrolment.pk, period_key) in existing:
                    continue
                alert = _raise(rule, enrolment, period_key, detail, now)
                if alert is not None:
                    raised.append(alert)
                    busy.add((rule.pk, enrolment.pk))
                    break  # one open alert per rule and learner at a time
    return raised


def _raise(
    rule: EngagementRule, enrolment: Enrolment, period_key: str, detail: str, now: dt.datetime
) -> Alert | None:
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                enrolment=enrolment,
                offering_id=enrolment.offering_id,
                rule=rule,
                period_key=period_key,
                detail=detail,
                raised_at=now,
            )
    except IntegrityError:
        # Only the once-per-period constraint may be lost to a concurrent evaluator; any
        # other integrity error is a bug and must surface.
        if Alert.objects.filter(rule=rule, enrolment=enrolment, period_key=period_key).exists():
            return None
        raise
    notifications.nudge(alert)
    return alert


def rules_for(offering_id: int) -> list[EngagementRule]:
    """The offering's rules of every kind; kinds not yet configured come back unsaved, with defaults."""
    saved = {r.kind: r for r in EngagementRule.objects.filter(offering_id=offering_id)}
    return [
        saved.get(kind)
        or EngagementRule(offering_id=offering_id, kind=kind, threshold=threshold, enabled=False)
        for kind, threshold in DEFAULT_RULES.items()
    ]
