"""Inbound webhooks from an LMS, e-portfolio or integration platform.

A delivery is ``POST /api/v1/issuance/webhooks/<source>`` with

* ``X-Credstack-Timestamp``: Unix time in seconds when it was sent;
* ``X-Credstack-Signature``: ``sha256=`` + hex HMAC-SHA256 under the source's secret of the
  bytes ``<timestamp>.<raw body>`` (the timestamp, a full stop, the body as sent).

Signing the timestamp with the body stops an attacker from replaying an old body with a new
time; the five-minute tolerance bounds how long a captured delivery is usable, and the
signatures seen within it are stored, so the same delivery is accepted once (a replay gets
409). Comparisons are constant-time. Nothing is parsed before the signature checks out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.accounts.models import Organisation, User
from credstack.catalog.models import MicroCredential
from credstack.problems import Conflict, InvalidInput, Problem

from .. import keystore
from ..models import Award, WebhookDelivery, WebhookSource
from .access import ADMIN_ROLES, require
from .recipients import RecipientInput
from .triggers import AwardRequest, request_award

TOLERANCE_SECONDS = 300
MAX_BODY = 64 * 1024


class WebhookRejected(Problem):
    status = 401
    title = "The webhook delivery was not accepted"


def secret_label(source: WebhookSource) -> str:
    """The keystore label a source's secret is sealed under (binds the secret to the source)."""
    return f"webhook:{source.name}"


@transaction.atomic
def create_webhook_source(
    actor: User | None, organisation: Organisation, name: str, kind: str = "webhook"
) -> tuple[WebhookSource, str]:
    """Register a webhook source; returns it and its secret (shown once, stored encrypted)."""
    if actor is not None:
        require(actor, organisation, ADMIN_ROLES)
    if kind not in dict(WebhookSource.KINDS):
        raise InvalidInput(
            "A webhook source is a webhook or an e-portfolio.", code="WEBHOOK_KIND_INVALID"
        )
    secret = "whsec_" + secrets.token_urlsafe(32)
    source = WebhookSource(organisation=organisation, name=name, kind=kind)
    source.encrypted_secret = keystore.seal_secret(secret.encode(), secret_label(source))
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError as e:
        raise Conflict(f"A webhook source “{name}” exists.", code="WEBHOOK_SOURCE_EXISTS") from e
    record(actor, "issuance.webhook_source.created", source, organisation=organisation)
    return source, secret


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value a sender computes (also used by tests and the docs)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _authenticate(
    source_name: str, timestamp: str, signature: str, body: bytes
) -> tuple[WebhookSource, str]:
    source = WebhookSource.objects.filter(name=source_name, active=True).first()
    if source is None:
        raise WebhookRejected("Unknown webhook source.", code="WEBHOOK_SOURCE_UNKNOWN")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise WebhookRejected(
            "X-Credstack-Timestamp must be Unix seconds.", code="WEBHOOK_TIMESTAMP_INVALID"
        )
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise WebhookRejected(
            f"The delivery's timestamp is more than {TOLERANCE_SECONDS // 60} minutes from now.",
            code="WEBHOOK_TIMESTAMP_OUT_OF_RANGE",
        )
    secret = keystore.unseal_secret(source.encrypted_secret, secret_label(source)).decode()
    expected = signature_for(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise WebhookRejected(
            "The signature does not match the body.", code="WEBHOOK_SIGNATURE_INVALID"
        )
    return source, expected.removeprefix("sha256=")


def _payload(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as e:
        raise InvalidInput("The body is not valid JSON.", code="WEBHOOK_BODY_INVALID") from e
    if not isinstance(data, dict):
        raise InvalidInput("The body must be a JSON object.", code="WEBHOOK_BODY_INVALID")
    recipient = data.get("recipient")
    if not isinstance(data.get("event_id"), str) or not isinstance(recipient, dict):
        raise InvalidInput(
            "The body needs an “event_id” string and a “recipient” object.",
            code="WEBHOOK_BODY_INVALID",
        )
    return data


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"“{key}” must be a string.", code="WEBHOOK_BODY_INVALID")
    return value


@transaction.atomic
def receive_webhook(
    source_name: str, timestamp: str, signature: str, body: bytes
) -> tuple[Award, bool]:
    """Authenticate a delivery and turn it into an award (found again for a repeated event)."""
    if len(body) > MAX_BODY:
        raise Problem("The body is too large.", code="PAYLOAD_TOO_LARGE", status=413)
    source, digest = _authenticate(source_name, timestamp, signature, body)
    data = _payload(body)
    cutoff = timezone.now() - timedelta(seconds=2 * TOLERANCE_SECONDS)
    WebhookDelivery.objects.filter(source=source, received_at__lt=cutoff).delete()
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(
                source=source, signature=digest, event_id=data["event_id"][:200]
            )
    except IntegrityError as e:
        raise Conflict(
            "This delivery was already received (replay).", code="WEBHOOK_REPLAYED"
        ) from e
    credential = (
        MicroCredential.objects.filter(
            organisation_id=source.organisation_id, lineage=_text(data, "credential")
        )
        .order_by("-version")
        .first()
        if _is_uuid(_text(data, "credential"))
        else MicroCredential.objects.filter(
            organisation_id=source.organisation_id, code=_text(data, "credential")
        )
        .order_by("-version")
        .first()
    )
    if credential is None:
        raise InvalidInput(
            "“credential” names no credential of this organisation.", code="CREDENTIAL_NOT_FOUND"
        )
    recipient = data["recipient"]
    result = data.get("result")
    return request_award(
        AwardRequest(
            credential=credential,
            source=source.kind,
            source_event=f"{source.name}:{data['event_id']}"[:200],
            recipient=RecipientInput(
                email=_text(recipient, "email"),
                name=_text(recipient, "name"),
                did=_text(recipient, "did"),
            ),
            narrative=_text(data, "narrative"),
            evidence_url=_text(data, "evidence_url"),
            evidence_consent=_text(data, "evidence_consent") or "none",
            result={"value": str(result)[:200]} if result not in (None, "") else None,
        )
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
