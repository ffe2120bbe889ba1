"""The product lifecycle: review with four eyes, the checklist, alignment gaps, publishing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from credstack.accounts.models import AuditEntry, Membership, Role
from credstack.catalog.models import Lifecycle, LifecycleEvent, Stack, StackMember
from credstack.catalog.services import (
    CriterionInput,
    approve,
    ensure_default_checklist,
    publish,
    request_changes,
    retire,
    start_new_version,
    submit_for_review,
    transition,
)
from credstack.design.models import BadgeDesign
from credstack.problems import Conflict, Forbidden, InvalidInput


@pytest.fixture
def answers(org):
    return {str(c.pk): {"answer": "yes", "note": ""} for c in ensure_default_checklist(None, org)}


def test_the_default_checklist_follows_the_guides_principles_and_is_created_once(org):
    first = ensure_default_checklist(None, org)
    again = ensure_default_checklist(None, org)
    assert [c.principle for c in first] == [
        "Constructive alignment",
        "Authentic and scaffolded activities",
        "Current and trusted content",
        "Clear licensing",
        "Accessibility and disability standards",
    ]
    assert [c.pk for c in again] == [c.pk for c in first]


def test_a_reviewed_credential_goes_from_draft_to_published_with_audited_events(
    make_credential, cast, answers
):
    c = make_credential()
    submit_for_review(cast["designer"], c, "Ready for QA")
    approve(cast["qa_manager"], c, checklist=answers, comment="Well aligned")
    publish(cast["qa_manager"], c)
    c.refresh_from_db()
    assert c.status == Lifecycle.PUBLISHED and c.published_at is not None
    events = list(LifecycleEvent.objects.filter(credential=c).values_list("to_status", "comment"))
    assert events == [
        ("in_review", "Ready for QA"),
        ("approved", "Well aligned"),
        ("published", ""),
    ]
    approved = LifecycleEvent.objects.get(credential=c, to_status="approved")
    assert {a["answer"] for a in approved.checklist.values()} == {"yes"}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "catalog.credential.submitted",
        "catalog.credential.approved",
        "catalog.credential.published",
    } <= actions


def test_the_author_cannot_approve_their_own_credential_even_as_qa_manager(
    make_credential, cast, org, answers
):
    Membership.objects.create(user=cast["designer"], organisation=org, role=Role.QA_MANAGER)
    c = make_credential()
    submit_for_review(cast["designer"], c)
    with pytest.raises(Forbidden) as caught:
        approve(cast["designer"], c, checklist=answers)
    assert caught.value.code == "FOUR_EYES"
    c.refresh_from_db()
    assert c.status == Lifecycle.IN_REVIEW


def test_a_designer_cannot_approve_or_publish(make_credential, cast, answers):
    c = make_credential()
    submit_for_review(cast["designer"], c)
    with pytest.raises(PermissionDenied):
        approve(cast["designer"], c, checklist=answers)
    with pytest.raises(PermissionDenied):
        publish(cast["designer"], c)


def test_approval_needs_every_checklist_item_answered(make_credential, cast, answers):
    c = make_credential()
    submit_for_review(cast["designer"], c)
    answers.pop(next(iter(answers)))
    with pytest.raises(InvalidInput) as caught:
        approve(cast["qa_manager"], c, checklist=answers)
    assert caught.value.code == "CHECKLIST_INCOMPLETE"


def test_a_no_answer_needs_a_note(make_credential, cast, answers):
    c = make_credential()
    submit_for_review(cast["designer"], c)
    first = next(iter(answers))
    answers[first] = {"answer": "no"}
    with pytest.raises(InvalidInput) as caught:
        approve(cast["qa_manager"], c, checklist=answers)
    assert caught.value.code == "CHECKLIST_NOTE_REQUIRED"


def test_approval_with_alignment_gaps_is_refused_without_a_waiver_and_recorded_with_one(
    make_credential, cast, answers
):
    c = make_credential(criteria=[CriterionInput("Attends every session")])
    submit_for_review(cast["designer"], c)
    with pytest.raises(InvalidInput) as caught:
        approve(cast["qa_manager"], c, checklist=answers)
    assert caught.value.code == "ALIGNMENT_GAPS"
    assert "Outcome LO1: no criterion assesses it." in caught.value.detail
    approve(cast["qa_manager"], c, checklist=answers, waiver="Pilot run; criteria revised in v2.")
    event = LifecycleEvent.objects.get(credential=c, to_status="approved")
    assert event.alignment_waiver == "Pilot run; criteria revised in v2."


def test_it_refuses_a_transition_from_the_wrong_state(make_credential, cast):
    c = make_credential()
    with pytest.raises(Conflict) as caught:
        publish(cast["qa_manager"], c)
    assert caught.value.code == "INVALID_TRANSITION"


def test_submitting_needs_outcomes_and_criteria(make_credential, cast):
    c = make_credential(outcomes=[], criteria=[])
    with pytest.raises(InvalidInput) as caught:
        submit_for_review(cast["designer"], c)
    assert caught.value.code == "INCOMPLETE_PRODUCT"


def test_requesting_changes_returns_to_draft_with_the_reviewers_comment(make_credential, cast):
    c = make_credential()
    submit_for_review(cast["designer"], c)
    with pytest.raises(InvalidInput):
        request_changes(cast["qa_manager"], c, "  ")
    request_changes(cast["qa_manager"], c, "Criterion 2 needs a rubric.")
    c.refresh_from_db()
    assert c.status == Lifecycle.DRAFT
    assert LifecycleEvent.objects.filter(comment="Criterion 2 needs a rubric.").exists()


def test_retiring_needs_a_reason(make_credential, publish_credential, cast):
    c = publish_credential(make_credential())
    with pytest.raises(InvalidInput):
        retire(cast["qa_manager"], c, "")
    retire(cast["qa_manager"], c, "Replaced by the apprenticeship route.")
    c.refresh_from_db()
    assert c.status == Lifecycle.RETIRED and c.retired_at is not None


def test_publishing_a_new_version_supersedes_the_old_and_moves_stack_membership(
    make_credential, publish_credential, cast, org
):
    v1 = publish_credential(make_credential())
    stack = Stack.objects.create(
        organisation=org, title="Data", slug="data", award_title="Certificate"
    )
    StackMember.objects.create(stack=stack, credential=v1)
    v2 = start_new_version(cast["designer"], v1)
    publish_credential(v2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (Lifecycle.RETIRED, Lifecycle.PUBLISHED)
    assert (
        LifecycleEvent.objects.get(credential=v1, to_status="retired").comment
        == "Superseded by version 2."
    )
    assert list(stack.memberships.values_list("credential_id", flat=True)) == [v2.pk]
    assert AuditEntry.objects.filter(action="catalog.credential.superseded").count() == 1


def test_an_unknown_transition_is_refused_with_a_code(make_credential, cast):
    with pytest.raises(InvalidInput) as caught:
        transition(cast["designer"], make_credential(), "teleport")
    assert caught.value.code == "UNKNOWN_TRANSITION"


def test_a_badge_with_low_contrast_text_blocks_publishing_with_a_clear_message(
    make_credential, cast, org, answers
):
    c = make_credential()
    submit_for_review(cast["designer"], c)
    approve(cast["qa_manager"], c, checklist=answers)
    BadgeDesign.objects.create(
        organisation=org,
        credential_lineage=c.lineage,
        primary_colour="#777777",
        text_colour="#FFFFFF",
        alt_text="A grey badge for data analysis.",
    )
    with pytest.raises(InvalidInput) as refused:
        publish(cast["qa_manager"], c)
    assert refused.value.code == "BADGE_NOT_ACCESSIBLE"
    assert "badge is not accessible" in str(refused.value)
    assert "Title text (#FFFFFF on #777777) has a contrast of 4.48:1" in str(refused.value)
    c.refresh_from_db()
    assert c.status == Lifecycle.APPROVED
    assert not LifecycleEvent.objects.filter(credential=c, to_status="published").exists()
    assert not AuditEntry.objects.filter(action="catalog.credential.published").exists()


def test_fixing_the_badge_contrast_lets_the_credential_publish(make_credential, cast, org, answers):
    c = make_credential()
    submit_for_review(cast["designer"], c)
    approve(cast["qa_manager"], c, checklist=answers)
    design = BadgeDesign.objects.create(
        organisation=org,
        credential_lineage=c.lineage,
        primary_colour="#777777",
        text_colour="#FFFFFF",
        alt_text="A grey badge for data analysis.",
    )
    with pytest.raises(InvalidInput):
        publish(cast["qa_manager"], c)
    design.primary_colour = "#1F3A5F"
    design.save()
    publish(cast["qa_manager"], c)
    c.refresh_from_db()
    assert c.status == Lifecycle.PUBLISHED
