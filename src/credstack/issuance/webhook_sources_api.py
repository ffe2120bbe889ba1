"""Webhook sources API (administrators), mounted at /api/v1/issuance/webhook-sources.

List (paginated), register, revoke and rotate. The secret is in the answer to registering or
rotating only; every other answer leaves it out.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.api_auth import api_auth
from credstack.accounts.models import Organisation, User

from .models import WebhookSource
from .schemas import WebhookSourceIn, WebhookSourceOut, WebhookSourceSecretOut
from .services import (
    register_webhook_source,
    revoke_webhook_source,
    rotate_webhook_secret,
    webhook_sources_for,
)
from .services.access import ADMIN_ROLES, require
from .services.issuers import absolute

router = Router(auth=api_auth, tags=["issuance"])


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _out(source: WebhookSource, secret: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": source.pk,
        "organisation": source.organisation_id,
        "name": source.name,
        "kind": source.kind,
        "active": source.active,
        "created_at": source.created_at,
        "delivery_url": absolute(f"/api/v1/issuance/webhooks/{source.name}"),
    }
    if secret is not None:
        body["secret"] = secret
    return body


@router.get("", response=list[WebhookSourceOut])
@paginate(Page)
def list_sources(request: HttpRequest) -> list[dict[str, Any]]:
    """The sources of the organisations you administer (none for anyone else)."""
    return [_out(s) for s in webhook_sources_for(_caller(request))]


@router.post("", response={201: WebhookSourceSecretOut})
def create_source(request: HttpRequest, body: WebhookSourceIn) -> Status:
    """Register a source; the answer holds its secret, which is never shown again."""
    organisation = get_object_or_404(Organisation, pk=body.organisation)
    require(_caller(request), organisation, ADMIN_ROLES)
    source, secret = register_webhook_source(_caller(request), organisation, body.name, body.kind)
    return Status(201, _out(source, secret))


@router.post("/{source_id}/revoke", response=WebhookSourceOut)
def revoke_source(request: HttpRequest, source_id: int) -> dict[str, Any]:
    """Stop a source: its deliveries are refused from now on."""
    return _out(revoke_webhook_source(_caller(request), source_id))


@router.post("/{source_id}/rotate", response=WebhookSourceSecretOut)
def rotate_source(request: HttpRequest, source_id: int) -> dict[str, Any]:
    """Replace a source's secret; the answer holds the new one, the old one stops working."""
    source, secret = rotate_webhook_secret(_caller(request), source_id)
    return _out(source, secret)
