from __future__ import annotations

from django.conf import settings
from django.db import models

from .credential import Lifecycle, MicroCredential


class QualityCheck(models.Model):
    """One item of an organisation's configurable quality checklist for product review."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="quality_checks"
    )
    position = models.PositiveSmallIntegerField(default=0)
    principle = models.CharField(max_length=120)
    question = models.TextField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["organisation", "position"]

    def __str__(self) -> str:
        return self.principle


class LifecycleEvent(models.Model):
    """A lifecycle transition of a product, with the reviewer's comment and checklist."""

    credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="lifecycle_events"
    )
    from_status = models.CharField(max_length=12, choices=Lifecycle.choices)
    to_status = models.CharField(max_length=12, choices=Lifecycle.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    # {quality check id: {"answer": "yes"|"no"|"n/a", "note": "..."}}
    checklist = models.JSONField(default=dict, blank=True)
    # Recorded when a product with constructive-alignment gaps is approved anyway.
    alignment_waiver = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["credential", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.credential_id}: {self.from_status} → {self.to_status}"
