from __future__ import annotations

from django.conf import settings
from django.db import models


class BulkJob(models.Model):
    """A bulk issuance run (CSV upload or API batch), processed in the background.

    Rows are claimed in chunks by workers; each row's award is created through the same
    once-per-event path as every trigger, keyed by (job, row number), so a worker killed
    mid-chunk and a restarted job never create a row's award twice.
    """

    class State(models.TextChoices):
        PREVIEW = "preview", "Awaiting confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"
        DONE = "done", "Done"

    issuer = models.ForeignKey("issuance.IssuerProfile", on_delete=models.PROTECT, related_name="+")
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    filename = models.CharField(max_length=255, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    failed_rows = models.PositiveIntegerField(default=0)
    # Rows left out at preview (invalid, duplicate in the file, already awarded) or later.
    skipped_rows = models.PositiveIntegerField(default=0)
    # Email each earner their claim link (off for a silent back-fill of past awards).
    notify = models.BooleanField(default=True)
    # Set by every chunk a worker finishes: a running job whose heartbeat is older than the
    # claim lease has lost its workers (killed), and the reconciler re-enqueues it.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Preview counts and upload options (``evidence_consent``), written once at upload.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"bulk job {self.pk} ({self.state})"


class BulkJobRow(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        CLAIMED = "claimed", "Being issued"
        DONE = "done", "Issued"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"

    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    errors = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # A claimed row belongs to one worker until ``claimed_at`` + the lease; after that another
    # worker may take it (the first one died). Its award and status index are found again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    award = models.ForeignKey(
        "issuance.Award", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="issuance_bulk_row_unique")
        ]
        ordering = ["job", "number"]
        indexes = [models.Index(fields=["job", "state"])]

    def __str__(self) -> str:
        return f"row {self.number} of bulk job {self.job_id}"
