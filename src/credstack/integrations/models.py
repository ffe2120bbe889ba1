"""What the integrations app stores: the earner's wallet, the CLRs issued for stacks, and shares.

An ``ImportedCredential`` is a credential earned elsewhere that an earner brought into their
wallet; it is stored only after :func:`credstack.vc.verify.verify` accepted it, with the report
it got. An ``IssuedClr`` is a signed CLR 2.0 ``ClrCredential`` bundling an earner's credentials
for one stack; it is issued at most once per (earner, stack, set of awards). A ``ShareEvent``
counts one share of an award (which channel, when) and nothing about who received it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportedCredential(models.Model):
    """A verified credential from another issuer, held in one earner's wallet."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        JWT = "jwt", "JWT"
        PNG = "png", "Baked PNG"
        SVG = "svg", "Baked SVG"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_credentials"
    )
    # The credential's own ``id`` (OB 3.0 / OB 2.0 assertion id), or ``sha256:<hex>`` of its
    # content when it has none: what "the same credential" means for duplicates.
    credential_id = models.CharField(max_length=500)
    name = models.CharField(max_length=300)
    issuer_id = models.CharField(max_length=500, blank=True)
    issuer_name = models.CharField(max_length=300, blank=True)
    version = models.CharField(max_length=8, blank=True, help_text="ob3 or ob2")
    format = models.CharField(max_length=4, choices=Format.choices)
    # Exactly what was imported (JSON text, the JWT, or the image bytes), for the export.
    original = models.BinaryField()
    # The credential as JSON: the document, a JWT's payload credential, or the baked one.
    document = models.JSONField()
    source_url = models.URLField(max_length=2000, blank=True)
    result = models.CharField(max_length=20)
    headline = models.CharField(max_length=300, blank=True)
    report = models.JSONField()
    verified_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "credential_id"], name="integrations_import_once_per_user"
            )
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_format_display()})"


class IssuedClr(models.Model):
    """A signed CLR 2.0 record of one earner's credentials for one completed stack."""

    earner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issued_clrs"
    )
    stack = models.ForeignKey("catalog.Stack", on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey("issuance.IssuerProfile", on_delete=models.PROTECT, related_name="+")
    # SHA-256 of the sorted credential UUIDs bundled: the identity of "this set of awards".
    award_set = models.CharField(max_length=64)
    award_uuids = models.JSONField()
    credential_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential_json = models.JSONField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["earner", "stack", "award_set"], name="integrations_clr_once_per_set"
            )
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"CLR {self.stack_id} for {self.earner_id}"


class ShareChannel(models.TextChoices):
    COPY = "copy", "Copied link"
    LINKEDIN = "linkedin", "LinkedIn"
    MAILTO = "mailto", "Email (own mail app)"
    EMAIL = "email", "Email (sent by the platform)"


class ShareEvent(models.Model):
    """One share of an award by its earner (append-only; no recipient is recorded)."""

    award = models.ForeignKey("issuance.Award", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=ShareChannel.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["award", "channel"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} share of award {self.award_id}"
