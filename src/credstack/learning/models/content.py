"""A credential's learning content, as the learner works through it: modules of activities."""

from __future__ import annotations

from django.db import models


class Module(models.Model):
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.CASCADE, related_name="learning_modules"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["credential", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """One thing a learner does; ``expected_week`` (1 = the first week) sets the pace."""

    class Kind(models.TextChoices):
        READING = "reading", "Reading"
        VIDEO = "video", "Video"
        PRACTICE = "practice", "Practice task"
        QUIZ = "quiz", "Quiz"
        DISCUSSION = "discussion", "Discussion"
        ASSESSMENT = "assessment", "Assessment task"

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.READING)
    description = models.TextField(blank=True)
    expected_week = models.PositiveSmallIntegerField(default=1)
    # An IRI for the activity as an LMS knows it (the xAPI object id), when there is one.
    iri = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["module__position", "module_id", "position", "id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title
