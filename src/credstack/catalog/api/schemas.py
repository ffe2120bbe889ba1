"""The catalog API's input and output shapes (pydantic, via ninja ``Schema``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from ..services import CredentialInput, CriterionInput, OfferingInput, OutcomeInput
from ..services.pathways import PathwayInput
from ..services.stacks import StackInput

Text = Field(default="", max_length=10_000)


class OutcomeIn(Schema):
    text: str = Field(min_length=1, max_length=2000)
    code: str = Field(default="", max_length=20)


class CriterionIn(Schema):
    text: str = Field(min_length=1, max_length=2000)
    rubric: str = Field(default="", max_length=5000)
    outcomes: list[int] = Field(
        default_factory=list, description="1-based numbers of the outcomes this criterion assesses."
    )


class CredentialIn(Schema):
    """A whole credential document (create, or replace a draft's content)."""

    organisation: str | None = Field(
        default=None, description="Organisation slug, if you have several."
    )
    code: str = Field(min_length=1, max_length=60)
    title: str = Field(min_length=1, max_length=200)
    short_description: str = Field(min_length=1, max_length=300)
    volume_hours: int = Field(ge=1, le=100)
    long_description: str = Text
    design_narrative: str = Text
    level_id: int | None = None
    credit_value: Decimal | None = Field(default=None, ge=0, max_digits=6, decimal_places=2)
    credit_system: str = Field(default="ECTS", max_length=30)
    delivery_mode: Literal["online", "face_to_face", "blended"] = "online"
    language: str = Field(default="en", min_length=2, max_length=10)
    price: Decimal = Field(default=Decimal(0), ge=0, max_digits=9, decimal_places=2)
    currency: str = Field(default="EUR", min_length=3, max_length=3)
    fee_waivers: str = Text
    content_sourcing: Literal["built", "curated_oer", "licensed"] = "built"
    content_licence: str = Field(default="", max_length=120)
    content_attribution: str = Text
    co_design_notes: str = Text
    assessment_methods: str = Text
    evidence_required: str = Text
    validity_months: int | None = Field(default=None, ge=1, le=600)
    outcomes: list[OutcomeIn] = Field(default_factory=list, max_length=30)
    criteria: list[CriterionIn] = Field(default_factory=list, max_length=60)
    prerequisites: list[int] = Field(default_factory=list, max_length=50)
    tags: list[str] = Field(default_factory=list, max_length=30)
    partners: list[int] = Field(default_factory=list, max_length=20)

    def to_input(self) -> CredentialInput:
        data = self.model_dump(
            exclude={"organisation", "outcomes", "criteria", "prerequisites", "tags", "partners"}
        )
        return CredentialInput(
            **data,
            outcomes=[OutcomeInput(text=o.text, code=o.code) for o in self.outcomes],
            criteria=[
                CriterionInput(
                    text=c.text, rubric=c.rubric, outcome_positions=tuple(n - 1 for n in c.outcomes)
                )
                for c in self.criteria
            ],
            prerequisite_ids=self.prerequisites,
            tags=[t[:60] for t in self.tags],
            partner_ids=self.partners,
        )


class TransitionIn(Schema):
    action: Literal["submit", "withdraw", "request_changes", "approve", "publish", "retire"]
    comment: str = Field(default="", max_length=5000)
    checklist: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description='Quality check id → {"answer": "yes"|"no"|"n/a", "note": "..."} (approve).',
    )
    waiver: str = Field(default="", max_length=5000)


class CredentialOut(Schema):
    id: int
    organisation: str
    code: str
    slug: str
    title: str
    version: int
    status: str
    short_description: str
    volume_hours: int
    level: str | None
    credit_value: Decimal | None
    credit_system: str
    delivery_mode: str
    language: str
    price: Decimal
    currency: str
    url: str | None


class OutcomeOut(Schema):
    number: int
    code: str
    text: str


class CriterionOut(Schema):
    number: int
    text: str
    rubric: str
    outcomes: list[int]


class EventOut(Schema):
    from_status: str
    to_status: str
    actor: str | None
    comment: str
    alignment_waiver: str
    checklist: dict[str, Any]
    created_at: datetime


class CredentialDetailOut(CredentialOut):
    long_description: str
    design_narrative: str
    fee_waivers: str
    content_sourcing: str
    content_licence: str
    assessment_methods: str
    evidence_required: str
    validity_months: int | None
    lineage: str
    outcomes: list[OutcomeOut]
    criteria: list[CriterionOut]
    prerequisites: list[int]
    tags: list[str]
    partners: list[str]
    skills: list[str]
    history: list[EventOut]


class MatrixOut(Schema):
    outcomes: list[OutcomeOut]
    criteria: list[CriterionOut]
    unassessed_outcomes: list[int]
    untied_criteria: list[int]
    has_gaps: bool
    gaps: list[str]


class OfferingIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    starts_on: date
    ends_on: date
    enrol_by: date | None = None
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    facilitator_id: int | None = None
    delivery_mode: Literal["online", "face_to_face", "blended"] = "online"
    location: str = Field(default="", max_length=200)
    hours_per_week: Decimal | None = Field(default=None, ge=0, max_digits=4, decimal_places=1)
    is_open: bool = True

    def to_input(self) -> OfferingInput:
        return OfferingInput(**self.model_dump())


class OfferingOut(Schema):
    id: int
    credential_id: int
    title: str
    starts_on: date
    ends_on: date
    enrol_by: date | None
    capacity: int | None
    facilitator: str | None
    delivery_mode: str
    location: str
    is_open: bool
    cancelled_at: datetime | None
    cancellation_reason: str


class CancellationIn(Schema):
    # Length and emptiness are checked by the service, so the API and the page give the same
    # codes (CANCELLATION_REASON_REQUIRED, CANCELLATION_REASON_TOO_LONG).
    reason: str


class StackIn(Schema):
    organisation: str | None = None
    title: str = Field(min_length=1, max_length=200)
    award_title: str = Field(min_length=1, max_length=200)
    description: str = Text
    rule: Literal["all_of", "n_of", "credit_threshold"] = "all_of"
    required_count: int | None = Field(default=None, ge=1, le=1000)
    credit_threshold: Decimal | None = Field(default=None, gt=0, max_digits=6, decimal_places=2)
    members: list[int] = Field(min_length=1, max_length=200)
    electives: list[int] = Field(default_factory=list, max_length=200)

    def to_input(self) -> StackInput:
        return StackInput(
            title=self.title,
            award_title=self.award_title,
            description=self.description,
            rule=self.rule,
            required_count=self.required_count,
            credit_threshold=self.credit_threshold,
            member_ids=self.members,
            elective_ids=self.electives,
        )


class StackOut(Schema):
    id: int
    organisation: str
    slug: str
    title: str
    award_title: str
    description: str
    rule: str
    required_count: int | None
    credit_threshold: Decimal | None
    members: list[int]


class PathwayIn(Schema):
    organisation: str | None = None
    title: str = Field(min_length=1, max_length=200)
    description: str = Text
    from_credential_id: int | None = None
    from_stack_id: int | None = None
    to_credential_id: int | None = None
    to_stack_id: int | None = None
    external_award: str = Field(default="", max_length=200)
    external_institution: str = Field(default="", max_length=200)
    external_url: str = Field(default="", max_length=200)
    credit_granted: Decimal | None = Field(default=None, ge=0, max_digits=6, decimal_places=2)

    def to_input(self) -> PathwayInput:
        return PathwayInput(**self.model_dump(exclude={"organisation"}))


class PathwayOut(Schema):
    id: int
    organisation: str
    title: str
    description: str
    from_credential_id: int | None
    from_stack_id: int | None
    to_credential_id: int | None
    to_stack_id: int | None
    external_award: str
    external_institution: str
    external_url: str
    credit_granted: Decimal | None


class Ref(Schema):
    id: int
    code: str
    title: str


class OverlapOut(Schema):
    first: Ref
    second: Ref
    score: float
    shared_skills: int


class AnalysisOut(Schema):
    organisation: str
    credentials: int
    stacks: int
    pathways: int
    threshold: float
    orphans: list[Ref]
    dead_ends: list[Ref]
    cycles: list[list[Ref]]
    overlaps: list[OverlapOut]
