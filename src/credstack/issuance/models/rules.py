from __future__ import annotations

from django.db import models


class ReleaseRule(models.Model):
    """How a micro-credential may be issued: triggers, QA approval, validity, what goes in it."""

    credential_lineage = models.UUIDField(
        unique=True, help_text="The catalogue product (all its versions) this rule governs."
    )
    # Trigger sources allowed to issue (values of AwardSource).
    allowed_sources = models.JSONField(default=list)
    requires_approval = models.BooleanField(default=True)
    validity_months = models.PositiveSmallIntegerField(null=True, blank=True)
    include_evidence = models.BooleanField(
        default=False, help_text="Embed or link evidence, where the earner consented."
    )
    include_result = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"release rule for {self.credential_lineage}"
