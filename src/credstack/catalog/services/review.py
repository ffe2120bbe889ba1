"""Quality review: the organisation's checklist and the constructive-alignment matrix.

Constructive alignment (the guide's first quality principle) means every learning outcome is
assessed by at least one criterion and every criterion assesses some outcome. The platform
computes it from the criterion ↔ outcome links rather than asking the reviewer to eyeball it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from credstack.accounts.audit import record
from credstack.accounts.models import Organisation, User
from credstack.problems import InvalidInput

from ..models import AssessmentCriterion, LearningOutcome, MicroCredential, QualityCheck

ANSWERS = ("yes", "no", "n/a")

# The guide's quality design principles, as review questions (position, principle, question).
DEFAULT_CHECKLIST: tuple[tuple[str, str], ...] = (
    (
        "Constructive alignment",
        "Does every learning outcome have an assessment criterion that assesses it, and does "
        "every criterion assess a stated outcome?",
    ),
    (
        "Authentic and scaffolded activities",
        "Are the learning activities authentic to real-world practice and scaffolded so "
        "learners build up to the assessment?",
    ),
    (
        "Current and trusted content",
        "Is the content relevant, current and from trusted sources, with industry input "
        "where it matters?",
    ),
    (
        "Clear licensing",
        "Is it clear whether content is built, curated open educational resources or "
        "licensed, with licences and attributions recorded?",
    ),
    (
        "Accessibility and disability standards",
        "Do the materials, activities and assessment meet accessibility and disability "
        "standards (WCAG 2.2 AA, alternatives for media, adjustable deadlines)?",
    ),
)


@dataclass(frozen=True)
class AlignmentMatrix:
    """Learning outcomes by assessment criteria, with the gaps a reviewer must see."""

    outcomes: list[LearningOutcome]
    criteria: list[AssessmentCriterion]
    links: frozenset[tuple[int, int]]  # (criterion id, outcome id)

    @property
    def unassessed_outcomes(self) -> list[LearningOutcome]:
        assessed = {outcome_id for _, outcome_id in self.links}
        return [o for o in self.outcomes if o.pk not in assessed]

    @property
    def untied_criteria(self) -> list[AssessmentCriterion]:
        tied = {criterion_id for criterion_id, _ in self.links}
        return [c for c in self.criteria if c.pk not in tied]

    @property
    def has_gaps(self) -> bool:
        return bool(self.unassessed_outcomes or self.untied_criteria) or not (
            self.outcomes and self.criteria
        )

    def rows(self) -> list[tuple[LearningOutcome, list[bool]]]:
        """One row per outcome: whether each criterion (in order) assesses it."""
        return [(o, [(c.pk, o.pk) in self.links for c in self.criteria]) for o in self.outcomes]

    def describe_gaps(self) -> list[str]:
        gaps = [f"Outcome {o.code}: no criterion assesses it." for o in self.unassessed_outcomes]
        gaps += [
            f"Criterion {c.position + 1}: it is tied to no learning outcome."
            for c in self.untied_criteria
        ]
        if not self.outcomes:
            gaps.append("The credential has no learning outcomes.")
        if not self.criteria:
            gaps.append("The credential has no assessment criteria.")
        return gaps


def alignment_matrix(credential: MicroCredential) -> AlignmentMatrix:
    """Compute the constructive-alignment matrix of ``credential`` in three queries."""
    outcomes = list(LearningOutcome.objects.filter(credential=credential))
    criteria = list(AssessmentCriterion.objects.filter(credential=credential))
    links = frozenset(
        AssessmentCriterion.outcomes.through.objects.filter(
            assessmentcriterion__credential=credential
        ).values_list("assessmentcriterion_id", "learningoutcome_id")
    )
    return AlignmentMatrix(outcomes=outcomes, criteria=criteria, links=links)


def active_checklist(organisation: Organisation | int) -> list[QualityCheck]:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return list(QualityCheck.objects.filter(organisation_id=org_id, active=True))


@transaction.atomic
def ensure_default_checklist(actor: User | None, organisation: Organisation) -> list[QualityCheck]:
    """Give ``organisation`` the default quality checklist unless it already has one.

    Idempotent: an organisation that configured its own checklist keeps it. Audited as
    ``catalog.checklist.created`` when items are added.
    """
    if QualityCheck.objects.filter(organisation=organisation).exists():
        return active_checklist(organisation)
    checks = QualityCheck.objects.bulk_create(
        QualityCheck(organisation=organisation, position=i, principle=p, question=q)
        for i, (p, q) in enumerate(DEFAULT_CHECKLIST)
    )
    record(
        actor,
        "catalog.checklist.created",
        None,
        organisation=organisation,
        after={"principles": [c.principle for c in checks]},
    )
    return active_checklist(organisation)


def validate_answers(
    organisation: Organisation | int, answers: dict[str, Any]
) -> dict[str, dict[str, str]]:
    """Check a reviewer's answers cover every active check; return them normalised.

    ``answers`` maps a quality check id (as a string) to ``{"answer": "yes"|"no"|"n/a",
    "note": "..."}``. A "no" needs a note explaining it, so the record says why.
    """
    checks = active_checklist(organisation)
    normalised: dict[str, dict[str, str]] = {}
    for check in checks:
        given = answers.get(str(check.pk))
        if not isinstance(given, dict) or given.get("answer") not in ANSWERS:
            raise InvalidInput(
                f"Answer the checklist item “{check.principle}” (yes, no or n/a).",
                code="CHECKLIST_INCOMPLETE",
            )
        note = str(given.get("note", "")).strip()[:2000]
        if given["answer"] == "no" and not note:
            raise InvalidInput(
                f"Say why “{check.principle}” is not met in its note.",
                code="CHECKLIST_NOTE_REQUIRED",
            )
        normalised[str(check.pk)] = {
            "principle": check.principle,
            "answer": str(given["answer"]),
            "note": note,
        }
    unknown = set(answers) - {str(c.pk) for c in checks}
    if unknown:
        raise InvalidInput(
            f"Unknown checklist item(s): {sorted(unknown)}.", code="CHECKLIST_UNKNOWN_ITEM"
        )
    return normalised
