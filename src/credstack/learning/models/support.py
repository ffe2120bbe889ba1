"""Learner support: engagement rules, the facilitator's alert queue, interventions, help requests.

The guide asks for "adequate learner support, backed up by the ability to [see when] learners
are struggling or disengaging": rules watch the progress data, raise alerts on the facilitator's
queue and nudge the learner; the facilitator records what they did and how it turned out.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class EngagementRule(models.Model):
    class Kind(models.TextChoices):
        INACTIVE_DAYS = "inactive_days", "No activity for N days"
        BEHIND_PACE = "behind_pace", "Behind the expected pace by N activities"
        FAILED_ATTEMPT = "failed_attempt", "A failed attempt"

    offering = models.ForeignKey(
        "catalog.Offering", on_delete=models.CASCADE, related_name="engagement_rules"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    threshold = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1)], help_text="N days or N activities."
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offering", "kind"], name="learning_rule_per_kind")
        ]
        ordering = ["offering", "kind"]

    def __str__(self) -> str:
        if self.kind == self.Kind.FAILED_ATTEMPT:
            return "A failed attempt"
        unit = (
            "days without activity"
            if self.kind == self.Kind.INACTIVE_DAYS
            else "activities behind pace"
        )
        return f"{self.threshold} {unit}"


class Alert(models.Model):
    """One rule firing for one learner in one period (``period_key``), at most once."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    enrolment = models.ForeignKey(
        "learning.Enrolment", on_delete=models.CASCADE, related_name="alerts"
    )
    # Denormalised from the enrolment: the facilitator's queue filters by offering and must
    # not join every enrolment of the institution to find a page of alerts.
    offering = models.ForeignKey("catalog.Offering", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(EngagementRule, on_delete=models.CASCADE, related_name="alerts")
    # What makes this firing distinct: the day activity stopped, the week the learner fell
    # behind, the failed statement. The unique constraint makes evaluation idempotent.
    period_key = models.CharField(max_length=80)
    detail = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "enrolment", "period_key"], name="learning_alert_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["offering", "status", "raised_at"])]
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.detail} ({self.status})"


class Intervention(models.Model):
    class Action(models.TextChoices):
        EMAILED = "emailed", "Emailed the learner"
        CALLED = "called", "Phoned the learner"
        MET = "met", "Met the learner"
        EXTENSION = "extension", "Granted an extension"
        REFERRED = "referred", "Referred to student support"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for a response"
        RE_ENGAGED = "re_engaged", "Re-engaged"
        NO_RESPONSE = "no_response", "No response"
        WITHDREW = "withdrew", "Chose to withdraw"
        DEFERRED = "deferred", "Chose to defer"
        OTHER = "other", "Other"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="interventions")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alert", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} → {self.get_outcome_display()}"


class HelpRequest(models.Model):
    """A learner asking for help from a course page, routed to the offering's facilitator."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"

    enrolment = models.ForeignKey(
        "learning.Enrolment", on_delete=models.CASCADE, related_name="help_requests"
    )
    offering = models.ForeignKey("catalog.Offering", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        "learning.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["offering", "status", "created_at"])]

    def __str__(self) -> str:
        return self.message[:80]
