"""Judging a submission against its criteria, moderating a judgement, and releasing results.

A pass raises exactly one :class:`IssuanceTrigger`. Two things make that hold under double
clicks and concurrent assessors: the submission row is locked (``select_for_update``) while
it is judged, so the second judge sees it already decided; and the trigger's idempotency key
is unique, so even a path that skipped the lock could not insert a second row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.accounts.outbox import queue_email
from credstack.learning.services import mark_completed, recognise_prior_learning
from credstack.problems import Conflict, InvalidInput

from ..models import (
    AssessmentPolicy,
    CriterionJudgement,
    Decision,
    IssuanceTrigger,
    Judgement,
    Moderation,
    Result,
    Submission,
    SubmissionStatus,
)
from .access import may_assess

_STATUS_FOR = {
    Decision.PASS: SubmissionStatus.PASSED,
    Decision.NOT_YET_COMPETENT: SubmissionStatus.NOT_YET_COMPETENT,
    Decision.RESUBMIT: SubmissionStatus.RESUBMISSION_REQUESTED,
}


@dataclass(frozen=True)
class CriterionInput:
    criterion_id: int
    met: bool
    feedback: str = ""


def _check_decision(submission: Submission, criteria: list[CriterionInput], decision: str) -> None:
    if decision not in Decision.values:
        raise InvalidInput(f"“{decision}” is not a decision.", code="DECISION_INVALID")
    expected = set(submission.credential.criteria.values_list("pk", flat=True))
    if not expected:
        raise Conflict(
            "This credential has no assessment criteria, so nothing can be judged against them.",
            code="NO_CRITERIA",
        )
    given = [c.criterion_id for c in criteria]
    if len(given) != len(set(given)) or set(given) != expected:
        raise InvalidInput(
            "Judge every criterion of this credential exactly once (met or not yet met).",
            code="CRITERIA_INCOMPLETE",
        )
    if decision == Decision.PASS and not all(c.met for c in criteria):
        raise InvalidInput(
            "A pass needs every criterion met. Choose “not yet competent” or ask for a "
            "resubmission instead.",
            code="PASS_NEEDS_ALL_CRITERIA_MET",
        )


def _write_judgement(
    assessor: User,
    submission: Submission,
    criteria: list[CriterionInput],
    decision: str,
    feedback: str,
) -> Judgement:
    judgement = Judgement.objects.create(
        submission=submission, assessor=assessor, decision=decision, feedback=feedback.strip()
    )
    CriterionJudgement.objects.bulk_create(
        CriterionJudgement(
            judgement=judgement, criterion_id=c.criterion_id, met=c.met, feedback=c.feedback.strip()
        )
        for c in criteria
    )
    return judgement


def raise_issuance_trigger(submission: Submission) -> tuple[IssuanceTrigger, bool]:
    """Create the pass event for ``submission`` once; return it and whether it is new.

    Keyed ``assessment:<submission id>``. A trigger cancelled by an overturned pass is reopened
    when the pass is restored, rather than duplicated.
    """
    key = f"assessment:{submission.pk}"
    try:
        with transaction.atomic():
            trigger = IssuanceTrigger.objects.create(
                idempotency_key=key,
                source="assessment",
                submission=submission,
                credential_id=submission.credential_id,
                learner_id=submission.learner_id,
            )
        return trigger, True
    except IntegrityError:
        trigger = IssuanceTrigger.objects.select_for_update().get(idempotency_key=key)
        if trigger.status == IssuanceTrigger.Status.CANCELLED:
            trigger.status = IssuanceTrigger.Status.PENDING
            trigger.save(update_fields=["status"])
        return trigger, False


def _withdraw_trigger(submission: Submission) -> None:
    trigger = (
        IssuanceTrigger.objects.select_for_update()
        .filter(idempotency_key=f"assessment:{submission.pk}")
        .first()
    )
    if trigger is None:
        return
    if trigger.status == IssuanceTrigger.Status.CONSUMED:
        raise Conflict(
            "This pass has already been issued as a credential; revoke the award in issuance "
            "before changing the outcome.",
            code="ALREADY_ISSUED",
        )
    trigger.status = IssuanceTrigger.Status.CANCELLED
    trigger.save(update_fields=["status"])


def _release(submission: Submission, decision: str, feedback: str, actor: User) -> Result:
    """Make ``decision`` the learner's result: status, Result row, trigger, learning, email."""
    was_passed = submission.status == SubmissionStatus.PASSED
    submission.status = _STATUS_FOR[Decision(decision)]
    submission.save(update_fields=["status"])
    result, _ = Result.objects.update_or_create(
        submission=submission,
        defaults={
            "decision": decision,
            "feedback": feedback,
            "released_at": timezone.now(),
            "released_by": actor,
        },
    )
    if decision == Decision.PASS:
        raise_issuance_trigger(submission)
        if submission.enrolment is not None:
            mark_completed(submission.enrolment)
        elif submission.is_rpl:
            recognise_prior_learning(
                submission.learner,
                submission.credential,
                reference=submission.receipt_number or "",
                source="rpl",
            )
    elif was_passed:
        _withdraw_trigger(submission)
    queue_email(
        submission.learner.email,
        f"Your result for {submission.credential.title}: {result.get_decision_display()}",
        "assessment/email/result",
        {"submission": submission, "result": result, "learner": submission.learner},
        category="assessment.result",
        dedupe_key=f"assessment:{submission.pk}:result:{decision}",
    )
    return result


def _locked(submission: Submission) -> Submission:
    return (
        # of=("self",): lock the submission row only; PostgreSQL refuses FOR UPDATE on the
        # nullable side of the outer join to the enrolment.
        Submission.objects.select_for_update(of=("self",))
        .select_related("credential", "learner", "enrolment")
        .get(pk=submission.pk)
    )


@transaction.atomic
def judge(
    assessor: User,
    submission: Submission,
    criteria: list[CriterionInput],
    decision: str,
    feedback: str,
) -> Judgement:
    """Record ``assessor``'s judgement of ``submission`` and, unless moderation is required,
    release it as the learner's result (a pass raises the issuance trigger)."""
    submission = _locked(submission)
    if not may_assess(assessor, submission.credential):
        raise PermissionDenied("You are not an assessor for this credential.")
    if submission.learner_id == assessor.pk:
        raise PermissionDenied("You cannot judge your own submission.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Conflict(
            f"This submission is already {submission.get_status_display().lower()}.",
            code="ALREADY_JUDGED",
        )
    _check_decision(submission, criteria, decision)
    before = snapshot(submission, ["status"])
    judgement = _write_judgement(assessor, submission, criteria, decision, feedback)
    held = AssessmentPolicy.objects.filter(
        credential_id=submission.credential_id, moderation_required=True
    ).exists()
    if held:
        submission.status = SubmissionStatus.UNDER_REVIEW
        submission.save(update_fields=["status"])
    else:
        _release(submission, decision, judgement.feedback, assessor)
    record(
        assessor,
        "assessment.submission.judged",
        submission,
        organisation=submission.credential.organisation,
        before=before,
        after={**snapshot(submission, ["status"]), "decision": decision},
    )
    return judgement


@transaction.atomic
def moderate(
    moderator: User,
    judgement: Judgement,
    confirm: bool,
    notes: str,
    criteria: list[CriterionInput] | None = None,
    decision: str = "",
) -> Moderation:
    """A second assessor confirms ``judgement`` or overturns it with their own judgement.

    The moderator must differ from the first assessor (four eyes). Confirming a held judgement
    releases it; overturning records the moderator's criterion-by-criterion judgement (a pass
    still needs every criterion met) and releases that decision instead.
    """
    submission = _locked(judgement.submission)
    judgement = Judgement.objects.select_related("assessor").get(pk=judgement.pk)
    if not may_assess(moderator, submission.credential):
        raise PermissionDenied("You are not an assessor for this credential.")
    if moderator.pk == judgement.assessor_id:
        raise PermissionDenied(
            "A judgement must be moderated by a different assessor than the one who made it."
        )
    if Moderation.objects.filter(judgement=judgement).exists():
        raise Conflict("This judgement has already been moderated.", code="ALREADY_MODERATED")
    latest = submission.judgements.order_by("-created_at", "-id").first()
    if latest is None or latest.pk != judgement.pk:
        raise Conflict("Only the latest judgement can be moderated.", code="NOT_LATEST_JUDGEMENT")
    if hasattr(submission, "next_attempt"):
        raise Conflict(
            "The learner has already resubmitted; moderate the new attempt instead.",
            code="ALREADY_RESUBMITTED",
        )
    notes = notes.strip()
    before = snapshot(submission, ["status"])
    if confirm:
        final_decision, feedback = judgement.decision, judgement.feedback
    else:
        if not notes:
            raise InvalidInput(
                "Say why you overturn the judgement.", code="MODERATION_NOTES_REQUIRED"
            )
        if decision == judgement.decision:
            raise InvalidInput(
                "An overturn must reach a different decision; confirm the judgement instead.",
                code="OVERTURN_SAME_DECISION",
            )
        _check_decision(submission, criteria or [], decision)
        replacement = _write_judgement(moderator, submission, criteria or [], decision, notes)
        final_decision, feedback = decision, replacement.feedback
    moderation = Moderation.objects.create(
        judgement=judgement,
        moderator=moderator,
        outcome=Moderation.Outcome.CONFIRMED if confirm else Moderation.Outcome.OVERTURNED,
        decision=final_decision,
        notes=notes,
    )
    held = submission.status == SubmissionStatus.UNDER_REVIEW
    if held or not confirm:
        _release(submission, final_decision, feedback, moderator)
    record(
        moderator,
        f"assessment.judgement.{moderation.outcome}",
        submission,
        organisation=submission.credential.organisation,
        before=before,
        after={**snapshot(submission, ["status"]), "decision": final_decision},
        note=notes,
    )
    return moderation
