"""Commit: enrol with an explicit commitment; capacity, prerequisites, deadlines, withdraw, defer."""

from __future__ import annotations

import datetime as dt

import pytest

from credstack.accounts.models import AuditEntry, OutboxMessage
from credstack.learning.errors import AlreadyEnrolled, EnrolmentClosed, EnrolmentRefused
from credstack.learning.models import Enrolment, EnrolmentStatus, TermsVersion
from credstack.learning.services import (
    defer,
    enrol,
    mark_completed,
    recognise_prior_learning,
    waitlist_position,
    withdraw,
)
from credstack.problems import InvalidInput

from .conftest import make_credential, make_offering

pytestmark = pytest.mark.django_db


def test_it_confirms_an_enrolment_and_keeps_the_commitment_as_accepted(
    cast, offering, terms, enrol_in
):
    e = enrol_in(cast["learner"], offering)
    assert e.status == EnrolmentStatus.COMMITTED
    assert e.accepted_terms == terms and e.accepted_at is not None
    assert e.committed_at is not None and e.chose_at is not None and e.aware_at is not None
    assert e.commitment["effort_hours_per_week"] == 5.0
    assert e.commitment["cost"] == "EUR 450.00"
    assert e.commitment["fee_waivers"] == "Free for current students."
    assert e.commitment["terms_version"] == 1
    assert e.commitment["learner_obligations"] == terms.learner_obligations
    mail = OutboxMessage.objects.get(dedupe_key=f"learning:enrolment:{e.pk}:confirmed")
    assert mail.to == cast["learner"].email
    assert offering.starts_on.strftime("%B") in mail.body_text and "<strong>" in mail.body_html


def test_it_refuses_an_enrolment_without_acceptance(cast, offering, terms):
    with pytest.raises(InvalidInput) as e:
        enrol(cast["learner"], offering, accepted=False, terms_version_id=terms.pk)
    assert e.value.code == "COMMITMENT_NOT_ACCEPTED"
    assert not Enrolment.objects.exists()


def test_it_refuses_acceptance_of_terms_that_changed_since_the_page_was_shown(
    cast, offering, terms, org
):
    TermsVersion.objects.create(
        organisation=org,
        version=2,
        text="New",
        learner_obligations="a",
        provider_obligations="b",
        effective_from=dt.date.today(),
    )
    with pytest.raises(EnrolmentRefused) as e:
        enrol(cast["learner"], offering, accepted=True, terms_version_id=terms.pk)
    assert e.value.code == "TERMS_CHANGED"


def test_a_full_offering_waitlists_with_positions(cast, credential, enrol_in):
    full = make_offering(credential, capacity=1)
    first = enrol_in(cast["learner"], full)
    second = enrol_in(cast["outsider"], full)
    third = enrol_in(cast["designer"], full)
    assert first.status == EnrolmentStatus.COMMITTED
    assert second.status == third.status == EnrolmentStatus.WAITLISTED
    assert (waitlist_position(second), waitlist_position(third)) == (1, 2)
    assert OutboxMessage.objects.filter(
        dedupe_key=f"learning:enrolment:{second.pk}:waitlisted"
    ).exists()


def test_a_withdrawal_promotes_the_first_waitlisted_learner_and_tells_them(
    cast, credential, enrol_in
):
    full = make_offering(credential, capacity=1)
    first = enrol_in(cast["learner"], full)
    second = enrol_in(cast["outsider"], full)
    withdraw(first, actor=cast["learner"], reason="A new job takes my evenings.")
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.WITHDRAWN and first.close_reason.startswith("A new job")
    assert second.status == EnrolmentStatus.COMMITTED and second.committed_at is not None
    assert OutboxMessage.objects.filter(
        dedupe_key=f"learning:enrolment:{second.pk}:promoted"
    ).exists()


def test_it_refuses_a_duplicate_enrolment_naming_the_existing_one(
    cast, offering, credential, enrol_in
):
    existing = enrol_in(cast["learner"], offering)
    other = make_offering(credential, starts_in=60)
    with pytest.raises(AlreadyEnrolled) as e:
        enrol_in(cast["learner"], other)
    assert e.value.enrolment_id == existing.pk
    assert "already" in e.value.detail
    assert Enrolment.objects.count() == 1


def test_it_refuses_an_unmet_prerequisite_naming_the_missing_credential(
    cast, org, credential, enrol_in
):
    advanced = make_credential(org, code="DATA-201", title="Applied Data Analysis")
    advanced.prerequisites.add(credential)
    with pytest.raises(EnrolmentRefused) as e:
        enrol_in(cast["learner"], make_offering(advanced))
    assert e.value.code == "PREREQUISITE_MISSING"
    assert "Data Literacy Essentials" in e.value.detail


def test_a_completed_prerequisite_or_recognised_prior_learning_satisfies_it(
    cast, org, credential, offering, enrol_in
):
    advanced = make_credential(org, code="DATA-201", title="Applied Data Analysis")
    advanced.prerequisites.add(credential)
    mark_completed(enrol_in(cast["learner"], offering))
    assert enrol_in(cast["learner"], make_offering(advanced)).status == EnrolmentStatus.COMMITTED
    recognise_prior_learning(cast["outsider"], credential, reference="rpl-17")
    assert enrol_in(cast["outsider"], make_offering(advanced)).status == EnrolmentStatus.COMMITTED


def test_it_refuses_enrolment_after_the_enrol_by_date(cast, credential, enrol_in):
    late = make_offering(credential, enrol_by=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(EnrolmentRefused) as e:
        enrol_in(cast["learner"], late)
    assert e.value.code == "ENROL_BY_PASSED"


def test_it_refuses_closed_offerings_and_unpublished_credentials(cast, org, credential, enrol_in):
    with pytest.raises(EnrolmentRefused) as e:
        enrol_in(cast["learner"], make_offering(credential, is_open=False))
    assert e.value.code == "OFFERING_CLOSED"
    draft = make_credential(org, code="DRAFT-1", title="Draft")
    draft.status = "draft"
    draft.save()
    with pytest.raises(EnrolmentRefused) as e:
        enrol_in(cast["learner"], make_offering(draft))
    assert e.value.code == "CREDENTIAL_NOT_PUBLISHED"


def test_withdrawal_needs_a_reason_and_an_open_enrolment(cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    with pytest.raises(InvalidInput):
        withdraw(e, actor=cast["learner"], reason="   ")
    withdraw(e, actor=cast["learner"], reason="Moving abroad.")
    with pytest.raises(EnrolmentClosed):
        withdraw(e, actor=cast["learner"], reason="Again.")


def test_a_staff_withdrawal_is_audited_but_a_learners_own_is_not_staff_action(
    cast, offering, enrol_in
):
    e = enrol_in(cast["learner"], offering)
    withdraw(e, actor=cast["facilitator"], reason="Learner phoned to withdraw.")
    entry = AuditEntry.objects.get(action="learning.enrolment.withdrawn")
    assert entry.actor == cast["facilitator"] and entry.before["status"] == "committed"
    assert entry.after["status"] == "withdrawn"


def test_deferral_moves_the_learner_to_a_later_offering_and_frees_the_place(
    cast, credential, enrol_in
):
    now = make_offering(credential, capacity=1)
    later = make_offering(credential, starts_in=90)
    e = enrol_in(cast["learner"], now)
    waiting = enrol_in(cast["outsider"], now)
    moved = defer(e, later, actor=cast["learner"], reason="Busy season at work.")
    e.refresh_from_db()
    waiting.refresh_from_db()
    assert e.status == EnrolmentStatus.DEFERRED and e.deferred_to == moved
    assert moved.offering == later and moved.status == EnrolmentStatus.COMMITTED
    assert moved.commitment["starts_on"] == later.starts_on.isoformat()
    assert moved.chose_at == e.chose_at
    assert waiting.status == EnrolmentStatus.COMMITTED


def test_deferral_refuses_another_credentials_offering(cast, org, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    elsewhere = make_offering(make_credential(org, code="X-1", title="Other"))
    with pytest.raises(InvalidInput) as err:
        defer(e, elsewhere, actor=cast["learner"], reason="Why not.")
    assert err.value.code == "DEFERRAL_TARGET_INVALID"
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.COMMITTED


def test_deferral_into_a_full_offering_waitlists(cast, credential, offering, enrol_in):
    full = make_offering(credential, starts_in=90, capacity=1)
    enrol_in(cast["outsider"], full)
    moved = defer(
        enrol_in(cast["learner"], offering), full, actor=cast["learner"], reason="Later suits me."
    )
    assert moved.status == EnrolmentStatus.WAITLISTED and waitlist_position(moved) == 1


def test_an_enrolment_without_published_terms_states_the_baseline_obligations(cast, offering):
    e = enrol(cast["learner"], offering, accepted=True, terms_version_id=None)
    assert e.accepted_terms is None
    assert "facilitator" in e.commitment["provider_obligations"]
