from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class AwardSource(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment pass"
    WEBHOOK = "webhook", "LMS or integration webhook"
    EPORTFOLIO = "eportfolio", "E-portfolio approval"
    CSV = "csv", "CSV bulk upload"
    API = "api", "REST API"
    MANUAL = "manual", "Manual award"


class AwardStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", "Pending approval"
    REJECTED = "rejected", "Rejected"
    ISSUED = "issued", "Issued"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class Award(models.Model):
    """A credential released (or waiting to be released) to one recipient.

    Exactly one award exists per (credential lineage, recipient, source, source event): every
    trigger carries its source event key, and the unique constraint makes repeated or
    concurrent triggers find the existing award instead of issuing twice. Once issued, the
    signed ``credential_json`` is never changed; corrections and recertification are new
    awards that point at the one they replace.
    """

    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="awards"
    )
    issuer = models.ForeignKey(
        "issuance.IssuerProfile", on_delete=models.PROTECT, related_name="awards"
    )
    credential_lineage = models.UUIDField(db_index=True)
    recipient_key = models.CharField(
        max_length=500, help_text="Normalised email (lower-case) or DID: who the award is for."
    )
    recipient_email = models.EmailField(blank=True)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_did = models.CharField(max_length=500, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    source = models.CharField(max_length=12, choices=AwardSource.choices)
    source_event = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=AwardStatus.choices, default=AwardStatus.PENDING_APPROVAL, db_index=True
    )
    narrative = models.TextField(blank=True)
    evidence_url = models.URLField(blank=True, max_length=500)
    result = models.JSONField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    # The credential as issued.
    credential_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential_json = models.JSONField(null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(null=True, blank=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    status_list = models.ForeignKey(
        "issuance.StatusList", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_index = models.PositiveIntegerField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    claim_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credential_lineage", "recipient_key", "source", "source_event"],
                name="issuance_award_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="issuance_status_index_unique"
            ),
        ]
        indexes = [models.Index(fields=["issuer", "status"]), models.Index(fields=["recipient_key"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.credential.title} → {self.recipient_name or self.recipient_key}"
