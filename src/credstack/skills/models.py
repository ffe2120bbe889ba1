from __future__ import annotations

import uuid

from django.db import models


class Framework(models.Model):
    """A Skills and Capability Framework: the institution's own, or one imported (CASE, ESCO)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    version = models.CharField(max_length=30, default="1.0")
    description = models.TextField(blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    # The framework's own URI (CASE CFDocument uri, ESCO scheme), when it has one.
    uri = models.URLField(max_length=500, blank=True)
    case_identifier = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    is_external = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="skills_framework_version")
        ]
        ordering = ["title", "version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ProficiencyLevel(models.Model):
    """One rung of a framework's proficiency scale (e.g. 1 Foundation … 5 Expert)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="skills_level_rank")
        ]
        ordering = ["framework", "rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"


class FrameworkItem(models.Model):
    """A node of the framework: a domain, a capability within it, or a skill/competency."""

    class Kind(models.TextChoices):
        DOMAIN = "domain", "Domain"
        CAPABILITY = "capability", "Capability"
        SKILL = "skill", "Skill"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SKILL)
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # An external URI for the item (ESCO skill URI, CASE CFItem uri).
    uri = models.URLField(max_length=500, blank=True)
    case_identifier = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="skills_item_code"),
        ]
        ordering = ["framework", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Alignment(models.Model):
    """A micro-credential certifies a framework item at a proficiency level.

    The credential's Open Badges 3.0 ``Achievement.alignment`` entries are built from these
    (targetName, targetUrl, targetCode, targetFramework, targetType).
    """

    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.CASCADE, related_name="alignments"
    )
    item = models.ForeignKey(FrameworkItem, on_delete=models.PROTECT, related_name="alignments")
    proficiency = models.ForeignKey(
        ProficiencyLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["credential", "item"], name="skills_alignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} → {self.item}"
