"""The learning API: enrolments, idempotent statements from an LMS token, bad input as problems."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from credstack.accounts.services.tokens import create_token
from credstack.learning.models import Activity, Enrolment, ProgressStatement

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, body: object, **headers: str):
    return client.post(
        f"/api/v1/learning{path}", json.dumps(body), content_type="application/json", **headers
    )


def test_a_learner_enrols_and_lists_their_enrolments(client_for, cast, offering, terms):
    client = client_for("learner")
    r = _post(
        client,
        "/enrolments",
        {"offering_id": offering.pk, "accept_commitment": True, "terms_version_id": terms.pk},
    )
    assert r.status_code == 201 and r.json()["status"] == "committed"
    assert r.json()["commitment"]["cost"] == "EUR 450.00"
    listing = client.get("/api/v1/learning/enrolments").json()
    assert (
        listing["count"] == 1
        and listing["items"][0]["credential_title"] == "Data Literacy Essentials"
    )
    again = _post(
        client,
        "/enrolments",
        {"offering_id": offering.pk, "accept_commitment": True, "terms_version_id": terms.pk},
    )
    assert again.status_code == 409 and again.json()["code"] == "ALREADY_ENROLLED"
    assert again.json()["errors"][0]["enrolment_id"] == r.json()["id"]


def test_an_lms_posts_statements_with_a_token_idempotently(client, cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    secret = create_token(cast["facilitator"], "Moodle").secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    act = Activity.objects.filter(module__credential=offering.credential).first()
    body = {
        "id": str(uuid.uuid4()),
        "enrolment_id": e.pk,
        "verb": "passed",
        "activity_id": act.pk,
        "timestamp": timezone.now().isoformat(),
    }
    first = _post(Client(), "/statements", body, **auth)
    replay = _post(Client(), "/statements", body, **auth)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert first.json() == replay.json() and first.json()["source"] == "lms"
    changed = _post(Client(), "/statements", {**body, "verb": "failed"}, **auth)
    assert changed.status_code == 409 and changed.json()["code"] == "STATEMENT_CONFLICT"
    assert ProgressStatement.objects.count() == 1
    listed = Client().get(f"/api/v1/learning/enrolments/{e.pk}/statements", **auth).json()
    assert listed["count"] == 1 and listed["items"][0]["verb"] == "passed"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        {
            "id": "nope",
            "enrolment_id": 1,
            "verb": "completed",
            "activity_id": 1,
            "timestamp": "2025-01-01T00:00:00Z",
        },
        {"id": str(uuid.uuid4()), "enrolment_id": "x", "verb": "completed", "activity_id": 1},
        {
            "id": str(uuid.uuid4()),
            "enrolment_id": 1,
            "verb": "teleported",
            "activity_id": 1,
            "timestamp": "2025-01-01T00:00:00Z",
        },
        [1, 2, 3],
    ],
)
def test_bad_statement_bodies_are_problems_and_write_nothing(
    client_for, cast, offering, enrol_in, body
):
    enrol_in(cast["learner"], offering)
    r = client_for("learner").post(
        "/api/v1/learning/statements",
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
    )
    assert 400 <= r.status_code < 500 and r["Content-Type"] == "application/problem+json"
    assert not ProgressStatement.objects.exists()


def test_a_naive_timestamp_is_refused(client_for, cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    act = Activity.objects.filter(module__credential=offering.credential).first()
    r = _post(
        client_for("learner"),
        "/statements",
        {
            "id": str(uuid.uuid4()),
            "enrolment_id": e.pk,
            "verb": "completed",
            "activity_id": act.pk,
            "timestamp": "2025-01-01T10:00:00",
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "TIMESTAMP_NAIVE"


def test_a_learner_cannot_post_for_someone_elses_enrolment(client_for, cast, offering, enrol_in):
    e = enrol_in(cast["outsider"], offering)
    act = Activity.objects.filter(module__credential=offering.credential).first()
    r = _post(
        client_for("learner"),
        "/statements",
        {
            "id": str(uuid.uuid4()),
            "enrolment_id": e.pk,
            "verb": "completed",
            "activity_id": act.pk,
            "timestamp": timezone.now().isoformat(),
        },
    )
    assert r.status_code == 403 and not ProgressStatement.objects.exists()


def test_withdraw_and_defer_through_the_api(client_for, cast, credential, offering, enrol_in):
    from .conftest import make_offering

    later = make_offering(credential, starts_in=70)
    client = client_for("learner")
    e = enrol_in(cast["learner"], offering)
    moved = _post(
        client, f"/enrolments/{e.pk}/defer", {"to_offering_id": later.pk, "reason": "Exams."}
    )
    assert moved.status_code == 200 and moved.json()["offering_id"] == later.pk
    empty = _post(client, f"/enrolments/{moved.json()['id']}/withdraw", {"reason": ""})
    assert empty.status_code == 422
    done = _post(
        client, f"/enrolments/{moved.json()['id']}/withdraw", {"reason": "Changed my mind."}
    )
    assert done.json()["status"] == "withdrawn"
    assert Enrolment.objects.filter(status="deferred").count() == 1


def test_facilitators_record_interventions_through_the_api(client_for, cast, running, terms):
    from credstack.learning.services import evaluate_engagement

    from .conftest import enrol_running

    enrol_running(cast["learner"], running, terms)
    evaluate_engagement()
    client = client_for("facilitator")
    alerts = client.get("/api/v1/learning/alerts").json()
    assert alerts["count"] == 2
    alert_id = alerts["items"][0]["id"]
    r = _post(
        client,
        f"/alerts/{alert_id}/interventions",
        {"action": "emailed", "outcome": "pending", "notes": "Sent a check-in."},
    )
    assert r.status_code == 201 and r.json()["action"] == "emailed"
    bad = _post(client, f"/alerts/{alert_id}/interventions", {"action": "shouted"})
    assert bad.status_code == 422
    assert client.get("/api/v1/learning/alerts?status=bogus").status_code == 422
