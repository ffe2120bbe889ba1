"""Release rules and triggers: each trigger makes exactly one award; the rule decides release."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from credstack.accounts.models import AuditEntry
from credstack.assessment.models import IssuanceTrigger
from credstack.issuance.models import Award, AwardStatus
from credstack.issuance.services import AwardRequest, RecipientInput, request_award
from credstack.problems import Forbidden, InvalidInput

pytestmark = pytest.mark.django_db


def _trigger(credential, learner, key="assessment:901"):  # type: ignore[no-untyped-def]
    return IssuanceTrigger.objects.create(
        idempotency_key=key, credential=credential, learner=learner
    )


def test_an_assessment_pass_is_consumed_on_commit_into_one_award(
    issuer, credential, cast, set_rule, django_capture_on_commit_callbacks
):
    set_rule(credential)
    with django_capture_on_commit_callbacks(execute=True):
        trigger = _trigger(credential, cast["learner"])
    trigger.refresh_from_db()
    assert trigger.status == IssuanceTrigger.Status.CONSUMED and trigger.consumed_at
    award = Award.objects.get()
    assert award.source == "assessment" and award.source_event == "assessment:901"
    assert award.recipient_user == cast["learner"] and award.status == AwardStatus.ISSUED


def test_the_reconciler_consumes_triggers_left_pending_and_never_twice(
    issuer, credential, cast, set_rule
):
    set_rule(credential)
    _trigger(credential, cast["learner"])  # no on-commit: as if the task was lost
    call_command("process_issuance_triggers")
    call_command("process_issuance_triggers")
    assert Award.objects.count() == 1
    assert IssuanceTrigger.objects.get().status == IssuanceTrigger.Status.CONSUMED


def test_a_trigger_the_rule_refuses_stays_pending(issuer, credential, cast, set_rule):
    set_rule(credential, allowed_sources=["manual"])
    _trigger(credential, cast["learner"])
    call_command("process_issuance_triggers")
    assert Award.objects.count() == 0
    assert IssuanceTrigger.objects.get().status == IssuanceTrigger.Status.PENDING


def test_a_rule_requiring_approval_leaves_the_award_pending_unsigned(
    make_award, credential, set_rule
):
    set_rule(credential, requires_approval=True)
    award = make_award()
    assert award.status == AwardStatus.PENDING_APPROVAL
    assert award.credential_json is None and award.status_index is None


def test_a_credential_without_a_rule_needs_approval_and_refuses_api_awards(make_award, credential):
    assert make_award().status == AwardStatus.PENDING_APPROVAL
    with pytest.raises(Forbidden) as refused:
        make_award(source="api", source_event="api:1")
    assert refused.value.code == "TRIGGER_NOT_ALLOWED"


@pytest.mark.parametrize("source", ["assessment", "webhook", "eportfolio", "csv", "api", "manual"])
def test_each_trigger_is_allowed_only_when_its_rule_lists_it(
    make_award, credential, set_rule, source
):
    set_rule(credential, allowed_sources=[source])
    award = make_award(source=source, source_event=f"{source}:7")
    assert award.source == source and award.status == AwardStatus.ISSUED
    other = "manual" if source != "manual" else "api"
    with pytest.raises(Forbidden):
        make_award(source=other, source_event=f"{other}:7")


def test_repeating_a_trigger_finds_the_same_award(make_award, credential, set_rule):
    set_rule(credential)
    first = make_award(source_event="manual:same")
    again = make_award(source_event="manual:same", email="ADA@example.org")
    assert first.pk == again.pk
    assert Award.objects.count() == 1
    assert AuditEntry.objects.filter(action="issuance.award.issued").count() == 1


def test_a_new_pass_recertifies_linking_the_earlier_award(make_award, credential, set_rule):
    set_rule(credential)
    first = make_award(source_event="assessment:1", source="assessment")
    second = make_award(source_event="assessment:2", source="assessment")
    assert second.renews == first
    first.refresh_from_db()
    assert first.status == AwardStatus.ISSUED  # renewal does not revoke the earlier credential


@pytest.mark.parametrize(
    ("recipient", "code"),
    [
        (RecipientInput(), "RECIPIENT_MISSING"),
        (RecipientInput(email="not an address"), "RECIPIENT_EMAIL_INVALID"),
        (RecipientInput(did="did:evil:x"), "RECIPIENT_DID_INVALID"),
    ],
)
def test_bad_recipients_are_refused_with_a_code_and_nothing_written(
    issuer, credential, set_rule, recipient, code
):
    set_rule(credential)
    with pytest.raises(InvalidInput) as bad:
        request_award(
            AwardRequest(
                credential=credential, source="manual", source_event="m:1", recipient=recipient
            )
        )
    assert bad.value.code == code
    assert Award.objects.count() == 0


def test_an_unpublished_credential_cannot_be_awarded(make_award, credential, set_rule):
    set_rule(credential)
    credential.status = "draft"
    credential.save()
    with pytest.raises(InvalidInput) as bad:
        make_award()
    assert bad.value.code == "CREDENTIAL_NOT_AWARDABLE"


def test_an_award_from_an_enrolment_marks_it_awarded_even_if_it_closed_since(
    make_award, credential, set_rule, cast
):
    import datetime as dt

    from credstack.catalog.models import Offering
    from credstack.learning.models import Enrolment, EnrolmentStatus

    set_rule(credential)
    today = dt.date.today()
    offering = Offering.objects.create(
        credential=credential, title="Spring cohort", starts_on=today, ends_on=today
    )
    open_one = Enrolment.objects.create(
        learner=cast["learner"],
        offering=offering,
        credential=credential,
        status=EnrolmentStatus.COMMENCED,
    )
    award = make_award(email="learner@example.org", enrolment_id=open_one.pk)
    open_one.refresh_from_db()
    assert open_one.awarded_at is not None and award.status == AwardStatus.ISSUED
    closed = Enrolment.objects.create(
        learner=cast["outsider"],
        offering=offering,
        credential=credential,
        status=EnrolmentStatus.WITHDRAWN,
    )
    late = make_award(email="outsider@example.org", enrolment_id=closed.pk)
    assert late.status == AwardStatus.ISSUED
