"""The assessment app's data: tasks, submissions with their evidence, judgements and outcomes."""

from .policy import AssessmentPolicy, AssessmentTask, OfferingPolicy, TaskKind
from .review import (
    AssessorInvitation,
    CriterionJudgement,
    Decision,
    Judgement,
    Moderation,
    Result,
)
from .submission import (
    Answer,
    EvidenceFile,
    PortfolioItem,
    ReflectiveStatement,
    Submission,
    SubmissionKind,
    SubmissionStatus,
)
from .trigger import IssuanceTrigger

__all__ = [
    "Answer",
    "AssessmentPolicy",
    "AssessmentTask",
    "AssessorInvitation",
    "CriterionJudgement",
    "Decision",
    "EvidenceFile",
    "IssuanceTrigger",
    "Judgement",
    "Moderation",
    "OfferingPolicy",
    "PortfolioItem",
    "ReflectiveStatement",
    "Result",
    "Submission",
    "SubmissionKind",
    "SubmissionStatus",
    "TaskKind",
]
