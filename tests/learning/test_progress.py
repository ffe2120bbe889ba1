"""Commence and focus: idempotent progress statements, the course outline, the funnel hooks."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from credstack.learning.errors import EnrolmentClosed, StatementConflict
from credstack.learning.models import Activity, EnrolmentStatus, ProgressStatement
from credstack.learning.services import (
    course_outline,
    learner_dashboard,
    mark_awarded,
    mark_completed,
    mark_shared,
    mark_submitted,
    record_statement,
    withdraw,
)
from credstack.problems import InvalidInput

pytestmark = pytest.mark.django_db


def _record(e, activity, sid=None, verb="completed", when=None, source="learner"):
    return record_statement(
        e,
        statement_id=sid or uuid.uuid4(),
        verb=verb,
        activity_id=activity.pk,
        timestamp=when or timezone.now(),
        source=source,
        recorded_by=e.learner,
    )


def test_the_first_statement_marks_the_enrolment_commenced(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    first = Activity.objects.filter(module__credential=offering.credential).first()
    _stmt, created = _record(e, first)
    e.refresh_from_db()
    assert created and e.status == EnrolmentStatus.COMMENCED and e.commenced_at is not None


def test_replaying_a_statement_id_stores_one_row(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    activity = Activity.objects.filter(module__credential=offering.credential).first()
    sid, when = uuid.uuid4(), timezone.now()
    a, created_a = _record(e, activity, sid, when=when)
    b, created_b = _record(e, activity, sid, when=when)
    assert (created_a, created_b) == (True, False) and a.pk == b.pk
    assert ProgressStatement.objects.count() == 1


def test_reusing_a_statement_id_with_different_content_is_a_conflict(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    activity = Activity.objects.filter(module__credential=offering.credential).first()
    sid, when = uuid.uuid4(), timezone.now()
    _record(e, activity, sid, when=when)
    with pytest.raises(StatementConflict) as err:
        _record(e, activity, sid, verb="failed", when=when)
    assert err.value.status == 409
    assert ProgressStatement.objects.get().verb == "completed"


def test_it_rejects_statements_about_other_credentials_and_from_the_future(
    cast, org, offering, enrol_in
):
    from .conftest import make_credential

    e = enrol_in(cast["learner"], offering)
    foreign = Activity.objects.filter(module__credential=make_credential(org, code="Z-1")).first()
    with pytest.raises(InvalidInput) as err:
        _record(e, foreign)
    assert err.value.code == "ACTIVITY_NOT_IN_CREDENTIAL"
    own = Activity.objects.filter(module__credential=offering.credential).first()
    with pytest.raises(InvalidInput) as err:
        _record(e, own, when=timezone.now() + dt.timedelta(hours=2))
    assert err.value.code == "TIMESTAMP_IN_FUTURE"
    assert not ProgressStatement.objects.exists()


def test_a_withdrawn_enrolment_takes_no_progress(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    withdraw(e, actor=cast["learner"], reason="No time.")
    e.refresh_from_db()
    with pytest.raises(EnrolmentClosed):
        _record(e, Activity.objects.filter(module__credential=offering.credential).first())


def test_the_outline_and_dashboard_show_progress_and_the_next_step(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    acts = list(Activity.objects.filter(module__credential=offering.credential))
    _record(e, acts[0])
    _record(e, acts[1], verb="attempted")
    outline = course_outline(e)
    assert [a.done for m in outline for a in m.activities] == [True, False, False, False]
    assert outline[0].activities[1].last_verb == "attempted"
    card = learner_dashboard(cast["learner"]).current[0]
    assert (card.done, card.total, card.percent) == (1, 4, 25)
    assert card.next_activity == acts[1]
    assert card.next_due == offering.starts_on + dt.timedelta(days=13)


def test_funnel_timestamps_are_set_once_by_the_other_apps_hooks(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    t1 = timezone.now() - dt.timedelta(days=2)
    e = mark_submitted(e, now=t1)
    again = mark_submitted(e, now=timezone.now())
    assert e.status == EnrolmentStatus.SUBMITTED and again.submitted_at == t1
    e = mark_awarded(e, now=t1)
    assert e.status == EnrolmentStatus.COMPLETED and e.completed_at == t1 and e.awarded_at == t1
    e = mark_shared(e)
    shared = e.shared_at
    assert mark_shared(e).shared_at == shared
    assert mark_completed(e).completed_at == t1


def test_hooks_refuse_a_withdrawn_enrolment(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    withdraw(e, actor=cast["learner"], reason="No time.")
    with pytest.raises(EnrolmentClosed):
        mark_completed(e)
