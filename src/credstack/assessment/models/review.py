"""Who may judge (invitations), what they judged (judgements), and the second look (moderation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Decision(models.TextChoices):
    PASS = "pass", "Pass"
    NOT_YET_COMPETENT = "not_yet_competent", "Not yet competent"
    RESUBMIT = "resubmit", "Request resubmission"


class AssessorInvitation(models.Model):
    """An industry assessor's right to judge ONE credential's submissions."""

    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.CASCADE, related_name="assessor_invitations"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "assessor"],
                condition=models.Q(revoked_at__isnull=True),
                name="assessment_one_open_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor} invited to assess {self.credential}"


class Judgement(models.Model):
    """An assessor's decision on a submission, criterion by criterion."""

    submission = models.ForeignKey(
        "assessment.Submission", on_delete=models.PROTECT, related_name="judgements"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="judgements"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    feedback = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.assessor} on {self.submission}"


class CriterionJudgement(models.Model):
    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.ForeignKey(
        "catalog.AssessmentCriterion", on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField()
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["judgement", "criterion"], name="assessment_criterion_judged_once"
            )
        ]

    def __str__(self) -> str:
        return f"{'Met' if self.met else 'Not yet met'}: criterion {self.criterion_id}"


class Moderation(models.Model):
    """A second assessor's review of a judgement: confirmed, or overturned with a new decision."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        OVERTURNED = "overturned", "Overturned"

    judgement = models.OneToOneField(Judgement, on_delete=models.PROTECT, related_name="moderation")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moderations"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="overturned") | ~models.Q(notes=""),
                name="assessment_overturn_needs_notes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.moderator}"


class Result(models.Model):
    """The outcome released to the learner, with the feedback they see."""

    submission = models.OneToOneField(
        "assessment.Submission", on_delete=models.PROTECT, related_name="result"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    feedback = models.TextField(blank=True)
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_decision_display()} for {self.submission}"
