"""Support: engagement rules raise one alert per period, nudge the learner, and reminders."""

from __future__ import annotations

import datetime as dt
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from credstack.accounts.models import AuditEntry, OutboxMessage
from credstack.learning.models import Activity, Alert, EngagementRule
from credstack.learning.services import (
    evaluate_engagement,
    record_intervention,
    record_statement,
    resolve_alert,
    send_start_reminders,
)

from .conftest import enrol_running

pytestmark = pytest.mark.django_db


def test_an_inactive_learner_raises_one_alert_and_one_nudge(cast, running, terms):
    EngagementRule.objects.filter(offering=running).exclude(kind="inactive_days").update(
        enabled=False
    )
    e = enrol_running(cast["learner"], running, terms)
    alerts = evaluate_engagement()
    assert [a.enrolment for a in alerts] == [e]
    assert alerts[0].rule.kind == "inactive_days" and "No activity for" in alerts[0].detail
    assert evaluate_engagement() == []  # the same period: nothing new
    assert Alert.objects.count() == 1
    nudge = OutboxMessage.objects.get(category="learning.nudge")
    assert nudge.to == cast["learner"].email and "Ask for help" in nudge.body_text
    assert nudge.dedupe_key == f"learning:alert:{alerts[0].pk}:nudge"


def test_an_active_learner_raises_nothing(cast, running, terms):
    EngagementRule.objects.filter(offering=running).exclude(kind="inactive_days").update(
        enabled=False
    )
    e = enrol_running(cast["learner"], running, terms)
    act = Activity.objects.filter(module__credential=running.credential).first()
    record_statement(
        e,
        statement_id=uuid.uuid4(),
        verb="completed",
        activity_id=act.pk,
        timestamp=timezone.now(),
        source="learner",
        recorded_by=cast["learner"],
    )
    assert evaluate_engagement() == []


def test_a_resolved_alert_lets_the_rule_fire_again_in_a_new_period(cast, running, terms):
    EngagementRule.objects.filter(offering=running).exclude(kind="inactive_days").update(
        enabled=False
    )
    e = enrol_running(cast["learner"], running, terms)
    first = evaluate_engagement()[0]
    resolve_alert(first, actor=cast["facilitator"])
    assert evaluate_engagement() == []  # same period, even though resolved
    act = Activity.objects.filter(module__credential=running.credential).first()
    record_statement(
        e,
        statement_id=uuid.uuid4(),
        verb="completed",
        activity_id=act.pk,
        timestamp=timezone.now() - dt.timedelta(days=10),
        source="learner",
        recorded_by=cast["learner"],
    )
    again = evaluate_engagement()
    assert len(again) == 1 and again[0].period_key != first.period_key


def test_behind_pace_and_failed_attempt_rules_fire(cast, running, terms):
    EngagementRule.objects.filter(offering=running, kind="inactive_days").update(enabled=False)
    e = enrol_running(cast["learner"], running, terms)
    act = Activity.objects.filter(module__credential=running.credential).first()
    record_statement(
        e,
        statement_id=uuid.uuid4(),
        verb="failed",
        activity_id=act.pk,
        timestamp=timezone.now(),
        source="lms",
        recorded_by=cast["facilitator"],
    )
    kinds = sorted(a.rule.kind for a in evaluate_engagement())
    # Three weeks in, three activities were due and none is done: 3 behind (threshold 2).
    assert kinds == ["behind_pace", "failed_attempt"]


def test_disabled_rules_and_offerings_not_running_raise_nothing(
    cast, running, offering, terms, enrol_in
):
    EngagementRule.objects.filter(offering=running).update(enabled=False)
    enrol_running(cast["learner"], running, terms)
    EngagementRule.objects.create(offering=offering, kind="inactive_days", threshold=1)
    enrol_in(cast["outsider"], offering)  # starts in two weeks
    assert evaluate_engagement() == []


def test_interventions_are_recorded_audited_and_can_resolve(cast, running, terms):
    enrol_running(cast["learner"], running, terms)
    alert = evaluate_engagement()[0]
    record_intervention(
        alert,
        actor=cast["facilitator"],
        action="called",
        outcome="re_engaged",
        notes="Caught up on a call; back on track.",
        resolve=True,
    )
    alert.refresh_from_db()
    assert alert.status == "resolved" and alert.resolved_by == cast["facilitator"]
    assert alert.interventions.get().outcome == "re_engaged"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "learning.intervention.recorded",
        "learning.alert.acknowledged",
        "learning.alert.resolved",
    } <= actions


def test_the_command_evaluates_engagement(cast, running, terms):
    enrol_running(cast["learner"], running, terms)
    out = StringIO()
    call_command("evaluate_engagement", stdout=out)
    assert "Raised 2 alert(s)." in out.getvalue()  # inactive and behind pace


def test_start_reminders_go_once(cast, credential, terms, enrol_in):
    from .conftest import make_offering

    soon = make_offering(credential, starts_in=2)
    e = enrol_in(cast["learner"], soon)
    assert send_start_reminders(days=3) == 1
    assert send_start_reminders(days=3) == 0
    out = StringIO()
    call_command("send_start_reminders", "--days", "3", stdout=out)
    assert "Queued 0 reminder(s)." in out.getvalue()
    mail = OutboxMessage.objects.get(dedupe_key=f"learning:enrolment:{e.pk}:start-reminder")
    assert "in 2 days" in mail.body_text
