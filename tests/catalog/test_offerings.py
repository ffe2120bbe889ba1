"""Scheduling, editing and cancelling offerings, on the staff pages and through the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from credstack.accounts.models import AuditEntry, OutboxMessage, User
from credstack.catalog.models import MicroCredential, Offering
from credstack.catalog.services import OfferingInput, cancel_offering, save_offering
from credstack.learning.errors import EnrolmentRefused
from credstack.learning.models import Enrolment, EnrolmentStatus
from credstack.learning.services.commitment import check_eligibility
from credstack.problems import Conflict, InvalidInput

pytestmark = pytest.mark.django_db

API = "/api/v1/catalog"
REASON = "Our lead facilitator is unavailable; the next run starts in May."


@pytest.fixture
def published(make_credential, publish_credential) -> MicroCredential:
    return publish_credential(make_credential("DATA-101"))


@pytest.fixture
def offering(cast: dict[str, User], published: MicroCredential) -> Offering:
    starts = timezone.localdate() + dt.timedelta(days=30)
    return save_offering(
        cast["designer"],
        published,
        OfferingInput(
            title="Spring cohort",
            starts_on=starts,
            ends_on=starts + dt.timedelta(weeks=6),
            capacity=2,
        ),
    )


def enrol(learner: User, offering: Offering, status: str) -> Enrolment:
    now = timezone.now()
    return Enrolment.objects.create(
        learner=learner,
        offering=offering,
        credential=offering.credential,
        status=status,
        committed_at=now if status != EnrolmentStatus.WAITLISTED else None,
        waitlisted_at=now if status == EnrolmentStatus.WAITLISTED else None,
    )


def form(offering: Offering, **changes: str) -> dict[str, str]:
    data = {
        "title": offering.title,
        "starts_on": offering.starts_on.isoformat(),
        "ends_on": offering.ends_on.isoformat(),
        "capacity": str(offering.capacity or ""),
        "delivery_mode": offering.delivery_mode,
        "is_open": "on",
    }
    data.update(changes)
    return data


def body(offering: Offering, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": offering.title,
        "starts_on": offering.starts_on.isoformat(),
        "ends_on": offering.ends_on.isoformat(),
        "capacity": offering.capacity,
    }
    data.update(changes)
    return data


def call(client: Client, method: str, path: str, payload: Any) -> Any:
    return getattr(client, method)(
        f"{API}{path}", data=json.dumps(payload), content_type="application/json"
    )


def edit_url(offering: Offering) -> str:
    return reverse("catalog:offering_edit", args=[offering.credential_id, offering.pk])


def cancel_url(offering: Offering) -> str:
    return reverse("catalog:offering_cancel", args=[offering.credential_id, offering.pk])


# Editing


def test_a_designer_reschedules_an_offering_and_it_is_audited(client_for, offering):
    client = client_for("designer")
    assert "Spring cohort" in client.get(edit_url(offering)).content.decode()
    response = client.post(
        edit_url(offering), form(offering, title="Late spring cohort", location="Room 4")
    )
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "Late spring cohort" and offering.location == "Room 4"
    entry = AuditEntry.objects.get(action="catalog.offering.updated")
    assert entry.before["title"] == "Spring cohort"
    assert entry.after["title"] == "Late spring cohort"


def test_editing_keeps_the_facilitator_and_can_close_enrolment(client_for, cast, offering):
    Offering.objects.filter(pk=offering.pk).update(facilitator=cast["facilitator"])
    data = form(offering)
    del data["is_open"]  # an unticked box is not sent
    assert client_for("designer").post(edit_url(offering), data).status_code == 302
    offering.refresh_from_db()
    assert offering.facilitator == cast["facilitator"] and not offering.is_open


def test_an_offering_that_ends_before_it_starts_is_refused_on_the_page(client_for, offering):
    before = offering.ends_on
    response = client_for("designer").post(edit_url(offering), form(offering, ends_on="2000-01-01"))
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    offering.refresh_from_db()
    assert offering.ends_on == before
    assert not AuditEntry.objects.filter(action="catalog.offering.updated").exists()


def test_the_capacity_cannot_fall_below_the_places_already_taken(cast, offering):
    enrol(cast["learner"], offering, EnrolmentStatus.COMMITTED)
    enrol(cast["outsider"], offering, EnrolmentStatus.COMMENCED)
    with pytest.raises(InvalidInput) as info:
        save_offering(
            cast["designer"],
            offering.credential,
            OfferingInput(
                title=offering.title,
                starts_on=offering.starts_on,
                ends_on=offering.ends_on,
                capacity=1,
            ),
            offering,
        )
    assert info.value.code == "CAPACITY_BELOW_ENROLMENTS" and "2 learners" in info.value.detail


def test_more_places_are_filled_from_the_waitlist(client_for, cast, offering):
    enrol(cast["learner"], offering, EnrolmentStatus.COMMITTED)
    enrol(cast["designer"], offering, EnrolmentStatus.COMMITTED)
    waiting = enrol(cast["outsider"], offering, EnrolmentStatus.WAITLISTED)
    response = client_for("designer").post(edit_url(offering), form(offering, capacity="3"))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.COMMITTED
    assert OutboxMessage.objects.filter(to=cast["outsider"].email).exists()


def test_an_offering_of_another_credential_is_not_found(client_for, make_credential, offering):
    other = make_credential("OTHER-1")
    url = reverse("catalog:offering_edit", args=[other.pk, offering.pk])
    assert client_for("designer").get(url).status_code == 404


# Cancelling


def test_cancelling_tells_every_learner_holding_or_awaiting_a_place(client_for, cast, offering):
    enrol(cast["learner"], offering, EnrolmentStatus.COMMITTED)
    enrol(cast["outsider"], offering, EnrolmentStatus.WAITLISTED)
    enrol(cast["facilitator"], offering, EnrolmentStatus.WITHDRAWN)
    client = client_for("designer")
    assert "Cancelling is final" in client.get(cancel_url(offering)).content.decode()
    response = client.post(cancel_url(offering), {"reason": REASON})
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.is_cancelled and not offering.is_open
    assert offering.cancellation_reason == REASON
    mails = OutboxMessage.objects.filter(category="catalog.offering.cancelled")
    assert sorted(m.to for m in mails) == sorted([cast["learner"].email, cast["outsider"].email])
    assert all(REASON in m.body_text and "Spring cohort" in m.subject for m in mails)
    entry = AuditEntry.objects.get(action="catalog.offering.cancelled")
    assert entry.before["is_open"] is True and entry.after["is_open"] is False


def test_a_cancelled_offering_shows_as_cancelled_and_takes_no_enrolments(client, cast, offering):
    offering = cancel_offering(cast["designer"], offering, REASON)
    credential = offering.credential
    page = client.get(
        reverse("catalog:credential", args=[credential.organisation.slug, credential.slug])
    )
    html = page.content.decode()
    assert "Cancelled" in html and REASON in html
    assert reverse("learning:enrol_start", args=[offering.pk]) not in html
    with pytest.raises(EnrolmentRefused) as info:
        check_eligibility(cast["learner"], offering, today=timezone.localdate())
    assert info.value.code == "OFFERING_CANCELLED"


def test_cancelling_needs_a_reason(client_for, offering):
    response = client_for("designer").post(cancel_url(offering), {"reason": "   "})
    assert response.status_code == 400
    offering.refresh_from_db()
    assert not offering.is_cancelled and offering.is_open
    assert not AuditEntry.objects.filter(action="catalog.offering.cancelled").exists()


def test_a_cancelled_offering_can_be_neither_edited_nor_cancelled_again(cast, client_for, offering):
    cancel_offering(cast["designer"], offering, REASON)
    with pytest.raises(Conflict) as again:
        cancel_offering(cast["designer"], offering, "Twice.")
    assert again.value.code == "OFFERING_ALREADY_CANCELLED"
    client = client_for("designer")
    response = client.post(edit_url(offering), form(offering, title="Back from the dead"))
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "Spring cohort" and offering.is_cancelled


# The API


def test_the_api_reschedules_an_offering(client_for, offering):
    path = f"/credentials/{offering.credential_id}/offerings/{offering.pk}"
    response = call(client_for("designer"), "put", path, body(offering, capacity=40))
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 40 and response.json()["cancelled_at"] is None


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"ends_on": "2000-01-01"}, 422, "OFFERING_DATES"),
        ({"capacity": 0}, 422, "INVALID_INPUT"),
        ({"title": ""}, 422, "INVALID_INPUT"),
    ],
)
def test_the_api_refuses_bad_offerings_with_stable_codes(
    client_for, offering, changes, status, code
):
    path = f"/credentials/{offering.credential_id}/offerings/{offering.pk}"
    response = call(client_for("designer"), "put", path, body(offering, **changes))
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    offering.refresh_from_db()
    assert offering.title == "Spring cohort"


def test_the_api_answers_404_for_an_offering_of_another_credential(
    client_for, make_credential, publish_credential, offering
):
    other = publish_credential(make_credential("OTHER-1"))
    response = call(
        client_for("designer"),
        "put",
        f"/credentials/{other.pk}/offerings/{offering.pk}",
        body(offering),
    )
    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"


def test_the_api_cancels_once_with_a_reason(client_for, cast, offering):
    enrol(cast["learner"], offering, EnrolmentStatus.COMMENCED)
    client = client_for("designer")
    path = f"/credentials/{offering.credential_id}/offerings/{offering.pk}/cancellation"
    empty = call(client, "post", path, {"reason": ""})
    assert empty.status_code == 422 and empty.json()["code"] == "CANCELLATION_REASON_REQUIRED"
    long = call(client, "post", path, {"reason": "x" * 2001})
    assert long.status_code == 422 and long.json()["code"] == "CANCELLATION_REASON_TOO_LONG"
    done = call(client, "post", path, {"reason": REASON})
    assert done.status_code == 200 and done.json()["cancellation_reason"] == REASON
    assert done.json()["is_open"] is False
    again = call(client, "post", path, {"reason": REASON})
    assert again.status_code == 409 and again.json()["code"] == "OFFERING_ALREADY_CANCELLED"
    edit = call(
        client,
        "put",
        f"/credentials/{offering.credential_id}/offerings/{offering.pk}",
        body(offering),
    )
    assert edit.status_code == 409 and edit.json()["code"] == "OFFERING_CANCELLED"
    assert OutboxMessage.objects.filter(category="catalog.offering.cancelled").count() == 1


def test_the_public_offerings_list_shows_the_cancellation(client, cast, offering):
    cancel_offering(cast["designer"], offering, REASON)
    response = client.get(f"{API}/credentials/{offering.credential_id}/offerings")
    (item,) = response.json()["items"]
    assert item["cancellation_reason"] == REASON and item["cancelled_at"]
