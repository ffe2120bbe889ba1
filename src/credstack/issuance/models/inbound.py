"""What arrives from outside: signed webhooks and API requests carrying an Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .awards import AwardSource


class WebhookSource(models.Model):
    """An LMS, e-portfolio or integration platform allowed to post awards to one organisation.

    Posts go to ``/api/v1/issuance/webhooks/<name>`` signed with HMAC-SHA256 under ``secret``;
    the secret is encrypted at rest like issuer keys (issuance.keystore) and shown once.
    """

    KINDS = [
        (AwardSource.WEBHOOK.value, AwardSource.WEBHOOK.label),
        (AwardSource.EPORTFOLIO.value, AwardSource.EPORTFOLIO.label),
    ]

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=12, choices=KINDS, default=AwardSource.WEBHOOK.value)
    encrypted_secret = models.BinaryField(editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<WebhookSource {self.pk} {self.name}>"


class WebhookDelivery(models.Model):
    """A signature already accepted: a second delivery with it is a replay and is refused.

    Rows older than twice the timestamp tolerance can be pruned: their timestamps would be
    refused anyway.
    """

    source = models.ForeignKey(WebhookSource, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    event_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "signature"], name="issuance_webhook_signature_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.event_id}"


class IdempotencyRecord(models.Model):
    """The first answer to an API request with a given ``Idempotency-Key``, replayed on repeats.

    Keys are per caller; the request fingerprint (method, path, canonical JSON body) tells a
    true retry (same answer) from a reused key with a different request (409).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="issuance_idempotency_once")
        ]

    def __str__(self) -> str:
        return f"idempotency key {self.key[:40]}"
