"""The permission matrix: every mutating page and endpoint, for every role, learner, outsider, anonymous.

Each refused request must change nothing.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from credstack.accounts.models import Role
from credstack.learning.models import (
    Activity,
    Alert,
    EngagementRule,
    Enrolment,
    HelpRequest,
    ProgressStatement,
)
from credstack.learning.services import evaluate_engagement

from .conftest import enrol_running

pytestmark = pytest.mark.django_db

EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
FACILITATORS = {"administrator", "facilitator"}


def _client(client_for, who: str) -> Client:
    return Client() if who == "anonymous" else client_for(who)


def _refused(response, who: str) -> bool:
    if who == "anonymous":
        return response.status_code in (302, 401) and (
            response.status_code == 401 or reverse("accounts:login") in response["Location"]
        )
    return response.status_code == 403


@pytest.fixture
def world(cast, running, terms):
    e = enrol_running(cast["learner"], running, terms)
    (alert, *_rest) = evaluate_engagement()
    help_request = HelpRequest.objects.create(
        enrolment=e, offering=running, message="Help with week 2, please."
    )
    return {
        "enrolment": e,
        "alert": alert,
        "help": help_request,
        "offering": running,
        "activity": Activity.objects.filter(module__credential=running.credential).first(),
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_withdrawing_is_for_the_learner_and_facilitators(client_for, who, world):
    e = world["enrolment"]
    r = _client(client_for, who).post(
        reverse("learning:withdraw", args=[e.pk]), {"reason": "Moving."}
    )
    e.refresh_from_db()
    if who in FACILITATORS | {"learner"}:
        assert r.status_code == 302 and e.status == "withdrawn"
    else:
        assert _refused(r, who) and e.status == "committed"


@pytest.mark.parametrize("who", EVERYONE)
def test_recording_progress_on_the_page_is_for_the_learner_only(client_for, who, world):
    e = world["enrolment"]
    data = {
        "statement_id": str(uuid.uuid4()),
        "activity": world["activity"].pk,
        "verb": "completed",
    }
    r = _client(client_for, who).post(reverse("learning:record_progress", args=[e.pk]), data)
    if who == "learner":
        assert r.status_code == 302 and ProgressStatement.objects.count() == 1
    else:
        assert _refused(r, who) and not ProgressStatement.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_asking_for_help_is_for_the_learner_only(client_for, who, world):
    r = _client(client_for, who).post(
        reverse("learning:ask_help", args=[world["enrolment"].pk]), {"message": "Stuck."}
    )
    if who == "learner":
        assert r.status_code == 302 and HelpRequest.objects.count() == 2
    else:
        assert _refused(r, who) and HelpRequest.objects.count() == 1


@pytest.mark.parametrize("who", EVERYONE)
def test_alerts_are_handled_by_facilitators_only(client_for, who, world):
    alert = world["alert"]
    r = _client(client_for, who).post(
        reverse("learning:alert_detail", args=[alert.pk]), {"do": "acknowledge"}
    )
    alert.refresh_from_db()
    if who in FACILITATORS:
        assert r.status_code == 302 and alert.status == "acknowledged"
    else:
        assert _refused(r, who) and alert.status == "open"


@pytest.mark.parametrize("who", EVERYONE)
def test_help_requests_are_answered_by_facilitators_only(client_for, who, world):
    h = world["help"]
    r = _client(client_for, who).post(
        reverse("learning:help_detail", args=[h.pk]), {"reply": "Try this."}
    )
    h.refresh_from_db()
    if who in FACILITATORS:
        assert r.status_code == 302 and h.status == "answered"
    else:
        assert _refused(r, who) and h.status == "open" and h.reply == ""


@pytest.mark.parametrize("who", EVERYONE)
def test_engagement_rules_are_configured_by_facilitators_only(client_for, who, world):
    data = {
        "inactive_days-enabled": "on",
        "inactive_days-threshold": "3",
        "behind_pace-threshold": "2",
        "failed_attempt-threshold": "1",
    }
    r = _client(client_for, who).post(reverse("learning:rules", args=[world["offering"].pk]), data)
    rule = EngagementRule.objects.get(offering=world["offering"], kind="inactive_days")
    if who in FACILITATORS:
        assert r.status_code == 302 and rule.threshold == 3
        assert not EngagementRule.objects.get(
            offering=world["offering"], kind="behind_pace"
        ).enabled
    else:
        assert _refused(r, who) and rule.threshold == 7


@pytest.mark.parametrize("who", EVERYONE)
def test_the_support_queue_is_for_facilitators(client_for, who, world):
    r = _client(client_for, who).get(reverse("learning:queue"))
    if who in FACILITATORS:
        assert r.status_code == 200 and "Help with week 2" in r.content.decode()
    else:
        assert _refused(r, who)


@pytest.mark.parametrize("who", EVERYONE)
def test_posting_statements_through_the_api_is_for_the_learner_and_facilitators(
    client_for, who, world
):
    body = {
        "id": str(uuid.uuid4()),
        "enrolment_id": world["enrolment"].pk,
        "verb": "completed",
        "activity_id": world["activity"].pk,
        "timestamp": timezone.now().isoformat(),
    }
    r = _client(client_for, who).post(
        "/api/v1/learning/statements", json.dumps(body), content_type="application/json"
    )
    if who in FACILITATORS | {"learner"}:
        assert r.status_code == 201
        assert ProgressStatement.objects.get().source == (
            "learner" if who == "learner" else "staff"
        )
    else:
        assert r.status_code == (401 if who == "anonymous" else 403)
        assert r["Content-Type"] == "application/problem+json"
        assert not ProgressStatement.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_api_alert_actions_and_offering_lists_are_for_facilitators(client_for, who, world):
    client = _client(client_for, who)
    r = client.post(f"/api/v1/learning/alerts/{world['alert'].pk}/resolve")
    listing = client.get(f"/api/v1/learning/offerings/{world['offering'].pk}/enrolments")
    status = Alert.objects.get(pk=world["alert"].pk).status
    if who in FACILITATORS:
        assert r.status_code == 200 and status == "resolved"
        assert listing.status_code == 200 and listing.json()["count"] == 1
    else:
        assert r.status_code == listing.status_code == (401 if who == "anonymous" else 403)
        assert status == "open"


@pytest.mark.parametrize("who", EVERYONE)
def test_enrolling_is_open_to_any_signed_in_person(client_for, who, world, offering, terms):
    r = _client(client_for, who).post(
        reverse("learning:enrol_start", args=[offering.pk]),
        {"accept": "on", "terms_version": terms.pk},
    )
    count = Enrolment.objects.filter(offering=offering).count()
    if who == "anonymous":
        assert _refused(r, who) and count == 0
    elif who == "learner":
        # Already enrolled in the running offering of the same credential: a duplicate.
        assert r.status_code == 409 and count == 0
    else:
        assert r.status_code == 302 and count == 1
