"""API shapes of the accounts app (django-ninja Schemas): what goes in, what comes out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from .models import Role


class MembershipOut(Schema):
    id: int
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    role: str
    role_label: str = Field(..., alias="get_role_display")
    user_id: int
    username: str = Field(..., alias="user.username")


class MeOut(Schema):
    id: int
    username: str
    email: str
    name: str
    did: str
    public_profile: bool
    visible_to_cohort: bool
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    description: str
    url: str
    email: str
    brand_primary: str
    brand_secondary: str


class MembershipIn(Schema):
    """Give someone a role: ``user`` is a username or an email address of an existing account."""

    user: str = Field(..., min_length=1, max_length=254)
    role: Role


class MembershipPatch(Schema):
    role: Role


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(..., description="The secret. Shown only in this response: store it now.")


class AuditEntryOut(Schema):
    id: int
    created_at: datetime
    actor_id: int | None
    actor_label: str
    organisation_id: int | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str
