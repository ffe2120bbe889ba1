from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """An email waiting to go out, or the record that it went (or why it did not).

    Every outbound email is written here in the transaction that causes it and handed to
    Django's mail API by a task after commit: a rolled-back action sends nothing, and a mail
    server that is down delays mail instead of losing it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will retry)"
        DEAD = "dead", "Gave up"

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    category = models.CharField(max_length=60, blank=True, db_index=True)
    # Set when the same message must never be sent twice (e.g. "enrolment:42:confirmed").
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"
