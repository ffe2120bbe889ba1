"""A learner's submission and what it carries: answers, files, reflection, portfolio items."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SubmissionKind(models.TextChoices):
    NORMAL = "normal", "Course assessment"
    RPL = "rpl", "Recognition of prior learning"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting review"
    UNDER_REVIEW = "under_review", "Under review"
    RESUBMISSION_REQUESTED = "resubmission_requested", "Resubmission requested"
    PASSED = "passed", "Passed"
    NOT_YET_COMPETENT = "not_yet_competent", "Not yet competent"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses an assessor still has to act on (the queue's default view).
AWAITING = (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW)


class Submission(models.Model):
    """One attempt at a credential's assessment (course work, or an RPL portfolio).

    A resubmission is a new row with ``attempt + 1`` pointing at the previous one, which is kept
    unchanged: assessors and auditors can always see what was judged.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="submissions"
    )
    enrolment = models.ForeignKey(
        "learning.Enrolment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    offering = models.ForeignKey(
        "catalog.Offering", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        max_length=8, choices=SubmissionKind.choices, default=SubmissionKind.NORMAL
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_attempt"
    )
    status = models.CharField(
        max_length=24,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    # "CS-2026-000123": given once the row has an id, so it is unique without a counter table.
    receipt_number = models.CharField(max_length=32, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    total_bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            # Two quick clicks on "Submit" cannot make two first attempts.
            models.UniqueConstraint(
                fields=["learner", "credential", "kind", "attempt"],
                name="assessment_submission_attempt_unique",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.receipt_number or f"submission {self.pk}"

    @property
    def is_rpl(self) -> bool:
        return self.kind == SubmissionKind.RPL


class Answer(models.Model):
    """The learner's answer to a written or link task."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    task = models.ForeignKey(
        "assessment.AssessmentTask", on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)

    class Meta:
        ordering = ["task__position", "task_id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="assessment_answer_once")
        ]

    def __str__(self) -> str:
        return f"Answer to task {self.task_id} in {self.submission}"


class EvidenceFile(models.Model):
    """An uploaded file, stored under a random name; type decided by its content, not its name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="evidence_files"
    )
    task = models.ForeignKey(
        "assessment.AssessmentTask",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_files",
    )
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ReflectiveStatement(models.Model):
    """The learner's reflection on what they learned and how the evidence shows it."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="reflection"
    )
    text = models.TextField()

    def __str__(self) -> str:
        return f"Reflection in {self.submission}"


class PortfolioItem(models.Model):
    """One piece of RPL evidence from work or life, mapped to the criteria it demonstrates."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="portfolio")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    evidence_file = models.OneToOneField(
        EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="portfolio_item"
    )
    link = models.URLField(max_length=1000, blank=True)
    criteria = models.ManyToManyField("catalog.AssessmentCriterion", related_name="portfolio_items")

    class Meta:
        ordering = ["submission", "position", "id"]

    def __str__(self) -> str:
        return f"Evidence {self.position} in {self.submission}"
