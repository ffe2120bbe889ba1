from __future__ import annotations

from django.conf import settings
from django.db import models

from .awards import AwardSource, EvidenceSharing


def default_sources() -> list[str]:
    return [AwardSource.ASSESSMENT.value, AwardSource.MANUAL.value]


class ReleaseRule(models.Model):
    """How a micro-credential may be issued: triggers, QA approval, validity, what goes in it.

    One rule per catalogue lineage (all versions of a product). A credential without a rule
    gets the defaults: assessment and manual triggers, QA approval required, no evidence.
    """

    credential_lineage = models.UUIDField(
        unique=True, help_text="The catalogue product (all its versions) this rule governs."
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # Trigger sources allowed to issue (values of AwardSource).
    allowed_sources = models.JSONField(default=default_sources)
    requires_approval = models.BooleanField(default=True)
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: the catalogue's validity period, or no expiry."
    )
    evidence_sharing = models.CharField(
        max_length=5,
        choices=EvidenceSharing.choices,
        default=EvidenceSharing.NONE,
        help_text="The most evidence the owner allows in the credential (earner consent still applies).",
    )
    include_result = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"release rule for {self.credential_lineage}"
