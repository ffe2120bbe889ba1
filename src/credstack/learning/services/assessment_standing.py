"""Where a learner's assessment stands: the one reading the course page and the dashboard share.

The assessment app owns submissions and calls into learning (``mark_submitted``,
``mark_completed``), so learning does not import it at run time: that would close an import
cycle between the two apps. It reads an enrolment's submissions through the reverse relation
the assessment app declares (``enrolment.submissions``) and compares statuses by their stored
values. This module is the only place that turns those rows into what the learner is told and
may do next; pages render its answer and never look at submission statuses themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import prefetch_related_objects

from ..models import Enrolment, EnrolmentStatus

if TYPE_CHECKING:
    from credstack.assessment.models import Submission

# The assessment app's SubmissionStatus values (see the module docstring for why they are
# spelled out rather than imported).
_AWAITING = ("submitted", "under_review")
_RESUBMIT = "resubmission_requested"
_WITHDRAWN = "withdrawn"
_DECIDED = ("passed", "not_yet_competent", _RESUBMIT)
# submit_assessment accepts a hand-in only from these enrolment statuses.
_MAY_HAND_IN = (EnrolmentStatus.COMMENCED, EnrolmentStatus.SUBMITTED)


@dataclass(frozen=True)
class UnmetCriterion:
    """A criterion the assessor judged not yet met, with what they said about it."""

    text: str
    feedback: str


@dataclass(frozen=True)
class AssessmentStanding:
    """The latest attempt at an enrolment's assessment and what the learner can do about it."""

    enrolment: Enrolment
    latest: Submission | None
    # What the assessor asked for, when the latest attempt came back for resubmission.
    feedback: str = ""
    unmet: tuple[UnmetCriterion, ...] = ()

    @property
    def status(self) -> str:
        return self.latest.status if self.latest is not None else ""

    @property
    def with_assessors(self) -> bool:
        if self.latest is None:
            # Marked submitted by another route (an LMS, an import) with no attempt here.
            return self.enrolment.status == EnrolmentStatus.SUBMITTED
        return self.status in _AWAITING

    @property
    def resubmission_requested(self) -> bool:
        return self.status == _RESUBMIT

    @property
    def has_result(self) -> bool:
        return self.status in _DECIDED

    @property
    def next_action(self) -> str:
        """``"resubmit"``, ``"submit"`` or ``""``: the hand-in the learner may make now."""
        if self.enrolment.status not in _MAY_HAND_IN:
            return ""
        if self.latest is None:
            # A first attempt needs a commenced course; "submitted" without a row is an RPL
            # or imported result, not something to hand in again.
            return "submit" if self.enrolment.status == EnrolmentStatus.COMMENCED else ""
        if self.status == _RESUBMIT:
            return "resubmit"
        if self.status == _WITHDRAWN:
            return "submit"
        return ""


def assessment_standings(enrolments: Sequence[Enrolment]) -> dict[int, AssessmentStanding]:
    """Each enrolment's :class:`AssessmentStanding`, keyed by enrolment id.

    A fixed number of queries however many enrolments: two for the submissions and their
    released results, and three more only when some latest attempt awaits a resubmission
    (its judgements, their criteria, the criteria's text).
    """
    if not enrolments:
        return {}
    prefetch_related_objects(list(enrolments), "submissions__result")
    latest: dict[int, Submission | None] = {}
    for e in enrolments:
        # Submissions are ordered by hand-in time, so the last one is the current attempt.
        attempts = list(e.submissions.all())
        latest[e.pk] = attempts[-1] if attempts else None
    asked = [s for s in latest.values() if s is not None and s.status == _RESUBMIT]
    if asked:
        prefetch_related_objects(asked, "judgements__criteria__criterion")
    standings: dict[int, AssessmentStanding] = {}
    for e in enrolments:
        s = latest[e.pk]
        if s is None or s.status != _RESUBMIT:
            standings[e.pk] = AssessmentStanding(e, s)
            continue
        result = getattr(s, "result", None)
        judgements = list(s.judgements.all())
        unmet = (
            tuple(
                UnmetCriterion(cj.criterion.text, cj.feedback)
                for cj in judgements[-1].criteria.all()
                if not cj.met
            )
            if judgements
            else ()
        )
        standings[e.pk] = AssessmentStanding(
            e, s, feedback=result.feedback if result is not None else "", unmet=unmet
        )
    return standings


def assessment_standing(enrolment: Enrolment) -> AssessmentStanding:
    """Where ``enrolment``'s assessment stands (see :func:`assessment_standings`)."""
    return assessment_standings([enrolment])[enrolment.pk]
