"""What a credential's assessment asks for (tasks) and the rules around it (policies)."""

from __future__ import annotations

from django.db import models


class TaskKind(models.TextChoices):
    WRITTEN = "written", "Written answer"
    FILE = "file", "File evidence"
    LINK = "link", "Link"
    REFLECTION = "reflection", "Reflective statement"


class AssessmentTask(models.Model):
    """One thing the learner must do or hand in for a credential's assessment.

    A credential has at most one reflection task: it is answered by the submission's single
    :class:`~credstack.assessment.models.ReflectiveStatement`, so two would be ambiguous.
    """

    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.CASCADE, related_name="assessment_tasks"
    )
    position = models.PositiveSmallIntegerField(default=0)
    prompt = models.TextField()
    kind = models.CharField(max_length=12, choices=TaskKind.choices, default=TaskKind.WRITTEN)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["credential", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential"],
                condition=models.Q(kind="reflection"),
                name="assessment_one_reflection_task_per_credential",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.prompt[:60]}"


class AssessmentPolicy(models.Model):
    """How a credential's submissions are decided (absent row: the defaults below)."""

    credential = models.OneToOneField(
        "catalog.MicroCredential", on_delete=models.CASCADE, related_name="assessment_policy"
    )
    # With moderation required, a first judgement is held (status under review) until a
    # second assessor confirms or overturns it; only then is the result released.
    moderation_required = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Assessment policy for {self.credential}"


class OfferingPolicy(models.Model):
    """An offering's rule for work handed in after its end date (absent row: accept, flagged)."""

    offering = models.OneToOneField(
        "catalog.Offering", on_delete=models.CASCADE, related_name="assessment_policy"
    )
    refuse_late_submissions = models.BooleanField(
        default=False,
        help_text="Refuse submissions after the offering's end date instead of flagging them.",
    )

    def __str__(self) -> str:
        return f"Assessment policy for {self.offering}"
