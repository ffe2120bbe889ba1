from __future__ import annotations

from django.conf import settings
from django.db import models

from .credential import DeliveryMode, MicroCredential


class Offering(models.Model):
    """One scheduled run (cohort) of a micro-credential, in the schedule of offer."""

    credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="offerings"
    )
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    enrol_by = models.DateField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_offerings",
    )
    delivery_mode = models.CharField(
        max_length=15, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    location = models.CharField(max_length=200, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    is_open = models.BooleanField(default=True)
    # Cancellation is final: the run stays listed (marked cancelled) so nobody wonders where it
    # went, but it takes no enrolments and can no longer be edited.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="catalog_offering_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True)
                | (models.Q(is_open=False) & ~models.Q(cancellation_reason="")),
                name="catalog_offering_cancelled_is_closed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential.title}: {self.title}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
