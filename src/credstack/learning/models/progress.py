"""Progress as xAPI-style statements: actor, verb, object, timestamp (xAPI 1.0.3 §2.4).

A statement's id is chosen by whoever makes it (the learner's browser, a facilitator, an LMS),
so replaying a statement is harmless: the same id with the same content is the same statement.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Verb(models.TextChoices):
    COMPLETED = "completed", "Completed"
    ATTEMPTED = "attempted", "Attempted"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    PROGRESSED = "progressed", "Progressed"


# Verbs that count an activity as done for progress.
DONE_VERBS = (Verb.COMPLETED, Verb.PASSED)


class ProgressStatement(models.Model):
    class Source(models.TextChoices):
        LEARNER = "learner", "The learner"
        STAFF = "staff", "A member of staff"
        LMS = "lms", "A learning management system"

    statement_id = models.UUIDField(unique=True, default=uuid.uuid4)
    enrolment = models.ForeignKey(
        "learning.Enrolment", on_delete=models.CASCADE, related_name="statements"
    )
    verb = models.CharField(max_length=12, choices=Verb.choices)
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.PROTECT, related_name="statements"
    )
    timestamp = models.DateTimeField(help_text="When it happened (xAPI timestamp).")
    stored_at = models.DateTimeField(auto_now_add=True, help_text="When we recorded it (stored).")
    source = models.CharField(max_length=8, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["enrolment", "timestamp"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.verb} {self.activity_id}"
