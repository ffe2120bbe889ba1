"""API shapes of the integrations app (read-only fields are those only in ``...Out``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field


class WalletAwardOut(Schema):
    credential_uuid: UUID
    name: str
    issuer: str
    status: str = Field(description="issued, expired, suspended or revoked")
    issued_at: dt.datetime | None
    public_url: str
    ob2_assertion_url: str = Field(description="The hosted Open Badges 2.0 assertion")
    shares: int


class ImportIn(Schema):
    """Exactly one: the credential (a JSON object, or a JWT / JSON text) or a URL to fetch."""

    credential: dict[str, Any] | str | None = None
    url: str | None = Field(default=None, max_length=2000)


class ImportedOut(Schema):
    id: int
    credential_id: str
    name: str
    issuer_id: str
    issuer_name: str
    version: str = Field(description="ob3 or ob2")
    format: str = Field(description="json, jwt, png or svg")
    source_url: str
    result: str = Field(description="The verification result when last checked")
    headline: str
    verified_at: dt.datetime
    created_at: dt.datetime


class ImportedDetailOut(ImportedOut):
    document: dict[str, Any]
    report: dict[str, Any]


class ClrIn(Schema):
    stack_id: int


class ClrOut(Schema):
    credential_uuid: UUID
    stack_id: int
    stack: str
    award_uuids: list[str]
    created_at: dt.datetime
    download_url: str


class ShareIn(Schema):
    channel: str = Field(description="copy, linkedin, mailto or email")
    to: str = Field(default="", max_length=254, description="The address, for channel email")


class ShareOut(Schema):
    channel: str
    url: str = Field(description="The link to open: public page, LinkedIn or mailto:")
