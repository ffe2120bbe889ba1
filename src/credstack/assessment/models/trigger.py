"""The pass event handed to issuance: one row per passed submission, never two."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IssuanceTrigger(models.Model):
    """A request to issue a credential to a learner, raised by a pass.

    The issuance app consumes pending triggers (setting ``consumed_at`` and ``status``). The
    unique ``idempotency_key`` (``assessment:<submission id>``) is what makes a double-clicked
    or concurrently repeated pass raise exactly one trigger: the database refuses the second.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONSUMED = "consumed", "Consumed"
        CANCELLED = "cancelled", "Cancelled (pass overturned)"

    idempotency_key = models.CharField(max_length=200, unique=True)
    source = models.CharField(max_length=30, default="assessment")
    submission = models.ForeignKey(
        "assessment.Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuance_triggers",
    )
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="issuance_triggers"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issuance_triggers"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.idempotency_key
