"""The shapes a designer's edit arrives in, shared by the pages, the API and the demo.

A credential is edited as one document: its product attributes, its ordered learning outcomes,
its assessment criteria (each naming the outcomes it assesses by their position in the list),
its prerequisites, tags and co-designing industry partners. The services replace the outcomes
and criteria of a draft wholesale, so the document is always the whole truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class OutcomeInput:
    """A learning outcome: what the earner will be able to do."""

    text: str
    code: str = ""


@dataclass(frozen=True)
class CriterionInput:
    """An assessment criterion and the outcomes it assesses (0-based positions in ``outcomes``)."""

    text: str
    rubric: str = ""
    outcome_positions: tuple[int, ...] = ()


@dataclass
class CredentialInput:
    """Everything a designer sets on a micro-credential product."""

    code: str
    title: str
    short_description: str
    volume_hours: int
    long_description: str = ""
    design_narrative: str = ""
    level_id: int | None = None
    credit_value: Decimal | None = None
    credit_system: str = "ECTS"
    delivery_mode: str = "online"
    language: str = "en"
    price: Decimal = Decimal("0")
    currency: str = "EUR"
    fee_waivers: str = ""
    content_sourcing: str = "built"
    content_licence: str = ""
    content_attribution: str = ""
    co_design_notes: str = ""
    assessment_methods: str = ""
    evidence_required: str = ""
    validity_months: int | None = None
    achievement_type: str = "MicroCredential"
    outcomes: list[OutcomeInput] = field(default_factory=list)
    criteria: list[CriterionInput] = field(default_factory=list)
    prerequisite_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    partner_ids: list[int] = field(default_factory=list)


# The product attributes copied onto the model one to one.
SCALAR_FIELDS: tuple[str, ...] = (
    "code",
    "title",
    "short_description",
    "volume_hours",
    "long_description",
    "design_narrative",
    "level_id",
    "credit_value",
    "credit_system",
    "delivery_mode",
    "language",
    "price",
    "currency",
    "fee_waivers",
    "content_sourcing",
    "content_licence",
    "content_attribution",
    "co_design_notes",
    "assessment_methods",
    "evidence_required",
    "validity_months",
    "achievement_type",
)
