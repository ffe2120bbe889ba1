"""The verification API's input and output shapes (OpenAPI via django-ninja)."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import Field

ResultName = Literal[
    "valid", "invalid", "revoked", "suspended", "expired", "not_yet_valid", "unverifiable"
]


class VerifyIn(Schema):
    """Give exactly one of ``credential`` (a JSON object), ``jwt`` (a compact VC-JWT) or ``url``."""

    credential: dict[str, Any] | None = Field(
        None, description="An OB 3.0 / VC credential as JSON."
    )
    jwt: str | None = Field(None, description="A compact VC-JWT (header.payload.signature).")
    url: str | None = Field(
        None,
        description="An https URL where the credential (JSON, JWT, baked PNG/SVG) is published.",
    )


class CheckOut(Schema):
    name: str = Field(
        description="What was checked: format, structure, schema, proof, issuer, "
        "valid_from, valid_until, status, recipient, endorsements, ob2_*."
    )
    status: Literal["pass", "fail", "warn", "skip"]
    code: str = Field(description="A stable machine code (see docs/verification.md).")
    message: str = Field(description="A plain-language sentence for a person.")


class SourceOut(Schema):
    url: str
    origin: Literal["cache", "revalidated", "network", "internal"]
    age_seconds: int


class ReportOut(Schema):
    """A verification report. ``result`` is the overall answer; ``checks`` explain it."""

    result: ResultName
    headline: str
    format: str = Field(description="json, jwt, png, svg or unknown.")
    version: str | None = Field(description="ob3 or ob2.")
    issuer: dict[str, Any] | None
    dates: dict[str, Any]
    checks: list[CheckOut]
    proofs: list[dict[str, Any]]
    status: list[dict[str, Any]]
    endorsements: list[dict[str, Any]]
    credential: dict[str, Any] | None
    checked_at: str = Field(description="When this verification ran (UTC).")
    url: str | None = Field(description="The URL the credential was fetched from, if any.")
    public_url: str | None = Field(
        description="The credential's public page, if credstack issued it."
    )
    sources: list[SourceOut] = Field(
        description="Documents read (issuer keys, status lists) and how fresh each copy was."
    )


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    code: str
    detail: str
