from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AwardSource(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment pass"
    WEBHOOK = "webhook", "LMS or integration webhook"
    EPORTFOLIO = "eportfolio", "E-portfolio approval"
    CSV = "csv", "CSV bulk upload"
    API = "api", "REST API"
    MANUAL = "manual", "Manual award"


class EvidenceSharing(models.TextChoices):
    """How much of the evidence may go into a credential, from least to most.

    A release rule says how much the evidence's owner (the institution, and any partner holding
    joint rights) allows; the earner's consent on the award says how much they agree to. The
    credential carries the lesser of the two (see :func:`effective_evidence_sharing`).
    """

    NONE = "none", "Not included"
    LINK = "link", "Linked only"
    EMBED = "embed", "Embedded in the credential"


_SHARING_ORDER = [EvidenceSharing.NONE, EvidenceSharing.LINK, EvidenceSharing.EMBED]


def effective_evidence_sharing(allowed: str, consented: str) -> str:
    """The lesser of what the owner allows and what the earner consented to."""
    return _SHARING_ORDER[
        min(
            _SHARING_ORDER.index(EvidenceSharing(allowed)),
            _SHARING_ORDER.index(EvidenceSharing(consented)),
        )
    ].value


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
    # No single-column indexes where a composite one leads with the column (Meta): every
    # index is written on each insert, and bulk issuance inserts thousands.
    issuer = models.ForeignKey(
        "issuance.IssuerProfile", on_delete=models.PROTECT, related_name="awards", db_index=False
    )
    credential_lineage = models.UUIDField()
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
        db_index=False,  # partial index in Meta
    )
    source = models.CharField(max_length=12, choices=AwardSource.choices)
    source_event = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20,
        choices=AwardStatus.choices,
        default=AwardStatus.PENDING_APPROVAL,
        db_index=True,
    )
    narrative = models.TextField(blank=True)
    evidence_consent = models.CharField(
        max_length=5,
        choices=EvidenceSharing.choices,
        default=EvidenceSharing.NONE,
        help_text="How much of their evidence the earner agreed to put in the credential.",
    )
    submission = models.ForeignKey(
        "assessment.Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    enrolment = models.ForeignKey(
        "learning.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    evidence_url = models.URLField(blank=True, max_length=500)
    result = models.JSONField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # partial index in Meta
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
        "issuance.StatusList",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    status_index = models.PositiveIntegerField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    # Recertification: the earlier award of the same credential this one renews (not revoked).
    renews = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        db_index=False,  # partial index in Meta
    )
    claim_token_hash = models.CharField(max_length=64, blank=True)  # partial index in Meta
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
        indexes = [
            models.Index(fields=["issuer", "status"]),
            models.Index(fields=["recipient_key"]),
            # Columns most awards leave empty are indexed only where set: every index is
            # written on each insert, and a bulk job inserts thousands of awards that have
            # no account, submission, enrolment, decision, renewal or claim token yet.
            *(
                models.Index(
                    fields=[name],
                    name=f"issuance_award_{name}",
                    condition=Q(**{f"{name}__isnull": False}),
                )
                for name in (
                    "recipient_user",
                    "submission",
                    "enrolment",
                    "requested_by",
                    "decided_by",
                    "renews",
                )
            ),
            models.Index(
                fields=["claim_token_hash"],
                name="issuance_award_claim_token",
                condition=~Q(claim_token_hash=""),
            ),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.credential.title} → {self.recipient_name or self.recipient_key}"

    @property
    def is_expired(self) -> bool:
        """An issued credential whose validity period has ended."""
        return self.valid_until is not None and self.valid_until <= timezone.now()

    @property
    def shown_status(self) -> str:
        """The status people see: ``expired`` once an issued award's validity has passed."""
        if self.status == AwardStatus.ISSUED and self.is_expired:
            return "expired"
        return str(self.status)

    @property
    def shown_status_label(self) -> str:
        return "Expired" if self.shown_status == "expired" else self.get_status_display()
