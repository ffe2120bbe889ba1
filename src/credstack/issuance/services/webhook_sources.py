"""Administrators register, list, revoke and rotate their organisation's webhook sources.

A source's secret is generated here, sealed at rest (issuance.keystore) and returned exactly
once, from creation or rotation; no page, endpoint or audit entry ever shows it again. Revoking
a source stops it at once (inbound deliveries check ``active``); it is kept, not deleted, so the
awards it triggered still name their source.
"""

from __future__ import annotations

import re
import secrets

from django.db import transaction
from django.db.models import QuerySet

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, User
from credstack.problems import Conflict, InvalidInput, NotFound

from .. import keystore
from ..models import WebhookSource
from .access import ADMIN_ROLES, organisations_for, require
from .webhooks import create_webhook_source, secret_label

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
_SHOWN = ["name", "kind", "active"]


def webhook_sources_for(actor: User) -> QuerySet[WebhookSource]:
    """The webhook sources of every organisation ``actor`` administers, newest first."""
    orgs = organisations_for(actor, ADMIN_ROLES)
    return (
        WebhookSource.objects.filter(organisation__in=orgs)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def register_webhook_source(
    actor: User, organisation: Organisation, name: str, kind: str = "webhook"
) -> tuple[WebhookSource, str]:
    """Register a source for ``organisation`` (administrators); returns it and its secret.

    The name is part of the delivery URL (``/api/v1/issuance/webhooks/<name>``), so it must be
    a lower-case slug: ``WEBHOOK_NAME_INVALID`` otherwise, ``WEBHOOK_SOURCE_EXISTS`` when taken.
    """
    require(actor, organisation, ADMIN_ROLES)
    name = (name or "").strip()
    if not _NAME.match(name):
        raise InvalidInput(
            f"“{name[:80]}” cannot be a source name: use 2 to 80 lower-case letters, digits and "
            "hyphens, starting with a letter or digit (it becomes part of the delivery URL).",
            code="WEBHOOK_NAME_INVALID",
        )
    return create_webhook_source(actor, organisation, name, kind)


def _locked(actor: User, source_id: int) -> WebhookSource:
    source = (
        WebhookSource.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=source_id)
        .first()
    )
    if source is None:
        raise NotFound("No such webhook source.", code="WEBHOOK_SOURCE_NOT_FOUND")
    require(actor, source.organisation_id, ADMIN_ROLES)
    return source


@transaction.atomic
def revoke_webhook_source(actor: User, source_id: int) -> WebhookSource:
    """Stop a source (administrators): its deliveries are refused from now on."""
    source = _locked(actor, source_id)
    if not source.active:
        raise Conflict(f"“{source.name}” is already revoked.", code="WEBHOOK_SOURCE_REVOKED")
    before = snapshot(source, _SHOWN)
    source.active = False
    source.save(update_fields=["active"])
    record(
        actor,
        "issuance.webhook_source.revoked",
        source,
        organisation=source.organisation,
        before=before,
        after=snapshot(source, _SHOWN),
    )
    return source


@transaction.atomic
def rotate_webhook_secret(actor: User, source_id: int) -> tuple[WebhookSource, str]:
    """Give an active source a new secret (administrators); the old one stops working at once.

    Returns the source and the new secret, shown once. The audit entry records that the secret
    changed, never the secret.
    """
    source = _locked(actor, source_id)
    if not source.active:
        raise Conflict(
            f"“{source.name}” is revoked; register a new source instead.",
            code="WEBHOOK_SOURCE_REVOKED",
        )
    secret = "whsec_" + secrets.token_urlsafe(32)
    source.encrypted_secret = keystore.seal_secret(secret.encode(), secret_label(source))
    source.save(update_fields=["encrypted_secret"])
    record(
        actor,
        "issuance.webhook_source.rotated",
        source,
        organisation=source.organisation,
        note="The signing secret was replaced.",
    )
    return source, secret
