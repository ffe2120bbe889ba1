"""The learning API's shapes (pydantic via django-ninja): what clients send and receive."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema

VerbName = Literal["completed", "attempted", "passed", "failed", "progressed"]
SourceName = Literal["learner", "staff", "lms"]


class EnrolmentIn(Schema):
    offering_id: int
    accept_commitment: bool = Field(description="Must be true: the learner accepts the commitment.")
    terms_version_id: int | None = Field(
        description="The TermsVersion id shown to the learner (null when the organisation has none)."
    )


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class DeferIn(ReasonIn):
    to_offering_id: int


class EnrolmentOut(Schema):
    id: int
    learner_id: int
    offering_id: int
    credential_id: int
    credential_title: str = Field(alias="credential.title")
    status: str
    waitlisted_at: dt.datetime | None
    aware_at: dt.datetime | None
    chose_at: dt.datetime | None
    committed_at: dt.datetime | None
    commenced_at: dt.datetime | None
    submitted_at: dt.datetime | None
    completed_at: dt.datetime | None
    awarded_at: dt.datetime | None
    shared_at: dt.datetime | None
    accepted_terms_id: int | None
    accepted_at: dt.datetime | None
    commitment: dict[str, Any]


class StatementIn(Schema):
    """An xAPI-style statement: ``id`` is chosen by the sender and makes the POST idempotent."""

    id: uuid.UUID
    enrolment_id: int
    verb: VerbName
    activity_id: int
    timestamp: dt.datetime
    source: SourceName | None = Field(
        None,
        description="Defaults to learner (the learner posts) or lms/staff (staff token/session).",
    )


class StatementOut(Schema):
    id: uuid.UUID = Field(alias="statement_id")
    enrolment_id: int
    verb: str
    activity_id: int
    timestamp: dt.datetime
    stored: dt.datetime = Field(alias="stored_at")
    source: str


class AlertOut(Schema):
    id: int
    enrolment_id: int
    learner_id: int = Field(alias="enrolment.learner_id")
    learner: str
    rule_kind: str = Field(alias="rule.kind")
    detail: str
    raised_at: dt.datetime
    status: str
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None

    @staticmethod
    def resolve_learner(obj: Any) -> str:
        return str(obj.enrolment.learner)


class InterventionIn(Schema):
    action: Literal["emailed", "called", "met", "extension", "referred", "other"]
    outcome: Literal["pending", "re_engaged", "no_response", "withdrew", "deferred", "other"] = (
        "pending"
    )
    notes: str = Field("", max_length=4000)
    resolve: bool = False


class InterventionOut(Schema):
    id: int
    alert_id: int
    facilitator_id: int
    action: str
    outcome: str
    notes: str
    created_at: dt.datetime
