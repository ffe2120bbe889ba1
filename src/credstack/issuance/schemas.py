"""API shapes of issuance (django-ninja / pydantic v2). ``Out`` shapes are read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from .models import Award

Sharing = Literal["none", "link", "embed"]
Source = Literal["assessment", "webhook", "eportfolio", "csv", "api", "manual"]


class RecipientIn(Schema):
    email: str = Field("", max_length=254)
    name: str = Field("", max_length=200)
    did: str = Field("", max_length=400)


class AwardIn(Schema):
    credential: str = Field(
        ..., max_length=40, description="The credential's lineage UUID or catalogue id."
    )
    recipient: RecipientIn
    source: Literal["api", "manual"] = "api"
    event_id: str = Field(
        "", max_length=150, description="Your id for the event; default: the Idempotency-Key."
    )
    narrative: str = Field("", max_length=10000)
    evidence_url: str = Field("", max_length=500)
    evidence_consent: Sharing = "none"
    result: str | None = Field(None, max_length=200)


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class ReissueIn(Schema):
    recipient_name: str | None = Field(None, max_length=200)
    recipient_email: str | None = Field(None, max_length=254)
    recipient_did: str | None = Field(None, max_length=400)
    narrative: str | None = Field(None, max_length=10000)
    evidence_url: str | None = Field(None, max_length=500)
    result: str | None = Field(None, max_length=200)


class AwardOut(Schema):
    id: UUID
    credential_id: int
    credential_lineage: UUID
    credential_title: str
    recipient_email: str
    recipient_name: str
    recipient_did: str
    source: str
    source_event: str
    status: str
    requested_by: str | None
    decided_at: datetime | None
    decision_reason: str
    status_reason: str
    issued_at: datetime | None
    valid_from: datetime | None
    valid_until: datetime | None
    replaces: UUID | None
    renews: UUID | None
    claimed: bool
    credential: dict[str, Any] | None = Field(
        None, description="The signed credential (detail only)."
    )


def award_out(award: Award, *, full: bool = False) -> dict[str, Any]:
    data = AwardOut(
        id=award.credential_uuid,
        credential_id=award.credential_id,
        credential_lineage=award.credential_lineage,
        credential_title=award.credential.title,
        recipient_email=award.recipient_email,
        recipient_name=award.recipient_name,
        recipient_did=award.recipient_did,
        source=award.source,
        source_event=award.source_event,
        status=award.shown_status,
        requested_by=award.requested_by.email if award.requested_by is not None else None,
        decided_at=award.decided_at,
        decision_reason=award.decision_reason,
        status_reason=award.status_reason,
        issued_at=award.issued_at,
        valid_from=award.valid_from,
        valid_until=award.valid_until,
        replaces=award.replaces.credential_uuid if award.replaces is not None else None,
        renews=award.renews.credential_uuid if award.renews is not None else None,
        claimed=award.claimed_at is not None,
        credential=award.credential_json if full else None,
    )
    return data.model_dump(mode="json")


class RuleIn(Schema):
    allowed_sources: list[Source] = Field(..., max_length=6)
    requires_approval: bool = True
    validity_months: int | None = Field(None, ge=1, le=600)
    evidence_sharing: Sharing = "none"
    include_result: bool = True


class RuleOut(Schema):
    credential_lineage: UUID
    allowed_sources: list[str]
    requires_approval: bool
    validity_months: int | None
    evidence_sharing: str
    include_result: bool


class KeyOut(Schema):
    public_key_multibase: str
    verification_method: str
    current: bool
    created_at: datetime
    retired_at: datetime | None


class WebhookAccepted(Schema):
    award: UUID
    status: str
    created: bool


class WebhookSourceIn(Schema):
    organisation: int = Field(..., description="The id of an organisation you administer.")
    name: str = Field(..., max_length=80, description="Lower-case slug; part of the delivery URL.")
    kind: Literal["webhook", "eportfolio"] = "webhook"


class WebhookSourceOut(Schema):
    id: int
    organisation: int
    name: str
    kind: str
    active: bool
    created_at: datetime
    delivery_url: str


class WebhookSourceSecretOut(WebhookSourceOut):
    secret: str = Field(..., description="The signing secret: returned here once, never again.")
