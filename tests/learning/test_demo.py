"""The demo institution has learners at every phase of the journey."""

from __future__ import annotations

import pytest

from credstack.learning.models import Alert, Enrolment
from credstack.web.demo import load

pytestmark = pytest.mark.django_db


def test_the_demo_has_learners_at_every_phase():
    load(["accounts", "skills", "catalog", "learning"])
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {"waitlisted", "committed", "commenced", "submitted", "completed"} <= statuses
    open_alert = Alert.objects.get(
        enrolment__learner__username="learner3", rule__kind="inactive_days"
    )
    assert open_alert.status == "open"
    assert (
        Enrolment.objects.filter(learner__username="learner2", status="commenced")
        .get()
        .statements.count()
        == 4
    )
