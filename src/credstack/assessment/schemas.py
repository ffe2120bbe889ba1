"""The API's shapes (pydantic via django-ninja): what clients send and what they get back."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class EvidenceFileOut(Schema):
    id: str = Field(description="Public id; download at /assessment/evidence/<id>/.")
    task_id: int | None
    original_name: str
    content_type: str = Field(description="Decided by sniffing the content at upload.")
    size: int
    sha256: str


class AnswerOut(Schema):
    task_id: int
    text: str
    url: str


class ResultOut(Schema):
    submission_id: int
    decision: str
    feedback: str
    released_at: datetime


class SubmissionOut(Schema):
    id: int
    receipt_number: str | None
    learner_id: int
    credential_id: int
    enrolment_id: int | None
    kind: str
    attempt: int
    status: str
    submitted_at: datetime
    due_at: datetime | None
    is_late: bool
    total_bytes: int


class SubmissionDetailOut(SubmissionOut):
    answers: list[AnswerOut]
    files: list[EvidenceFileOut]
    reflection: str
    result: ResultOut | None


class CriterionJudgementIn(Schema):
    criterion_id: int
    met: bool
    feedback: str = Field("", max_length=20_000)


class JudgementIn(Schema):
    criteria: list[CriterionJudgementIn] = Field(
        description="Every criterion of the credential exactly once."
    )
    decision: Literal["pass", "not_yet_competent", "resubmit"]
    feedback: str = Field("", max_length=20_000)


class CriterionJudgementOut(Schema):
    criterion_id: int
    met: bool
    feedback: str


class JudgementOut(Schema):
    id: int
    submission_id: int
    assessor_id: int
    decision: str
    feedback: str
    created_at: datetime
    criteria: list[CriterionJudgementOut]
    submission_status: str


class ModerationIn(Schema):
    outcome: Literal["confirm", "overturn"]
    notes: str = Field("", max_length=20_000)
    decision: Literal["pass", "not_yet_competent", "resubmit", ""] = Field(
        "", description="The new decision (overturn only)."
    )
    criteria: list[CriterionJudgementIn] = Field(
        default_factory=list, description="The moderator's own judgement (overturn only)."
    )


class ModerationOut(Schema):
    id: int
    judgement_id: int
    moderator_id: int
    outcome: str
    decision: str
    notes: str
    created_at: datetime
    submission_status: str


class IssuanceTriggerOut(Schema):
    id: int
    idempotency_key: str
    source: str
    submission_id: int | None
    credential_id: int
    learner_id: int
    status: str
    created_at: datetime
    consumed_at: datetime | None


class TaskIn(Schema):
    prompt: str = Field(..., max_length=5000, description="What the learner does or hands in.")
    kind: Literal["written", "file", "link", "reflection"] = "written"
    required: bool = True
    position: int = Field(0, ge=0, le=999)


class TaskOut(Schema):
    id: int
    credential: int
    prompt: str
    kind: str
    required: bool
    position: int
