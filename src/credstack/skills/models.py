"""The Skills and Capability Framework: frameworks, their proficiency scales, items, alignments.

The guide (micro-credentials-guide.txt, "The Skills and Capability Framework") calls it the
master plan of the skills an institution intends to offer; every micro-credential is mapped to
it. Models hold the invariants a single row can check (:mod:`credstack.skills.rules` holds the
hierarchy rules, which need the parent); multi-row work lives in :mod:`credstack.skills.services`.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from . import rules


class Framework(models.Model):
    """A Skills and Capability Framework: the institution's own, or one imported (CASE, ESCO)."""

    class Source(models.TextChoices):
        LOCAL = "local", "Built here"
        CASE = "case", "Imported from 1EdTech CASE"
        ESCO = "esco", "ESCO skills"

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    version = models.CharField(max_length=30, default="1.0", validators=[rules.validate_version])
    description = models.TextField(blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    # The framework's own URI (CASE CFDocument uri, ESCO scheme), when it has one.
    uri = models.URLField(max_length=500, blank=True)
    case_identifier = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    is_external = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.LOCAL)
    # Versions form a chain; a framework with a next version is superseded and read-only, but
    # stays so the alignments (and the badges issued from them) keep pointing at what was meant.
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    over_coverage_threshold = models.PositiveSmallIntegerField(
        default=5,
        help_text="An item aligned to more credentials than this is reported as over-covered.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="skills_framework_version")
        ]
        ordering = ["title", "version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_superseded(self) -> bool:
        return Framework.objects.filter(previous_version=self).exists()


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
    code = models.CharField(max_length=60, validators=[rules.validate_code])
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # An external URI for the item (ESCO skill URI, CASE CFItem uri).
    uri = models.URLField(max_length=500, blank=True, validators=[rules.validate_item_uri])
    case_identifier = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(default=0)
    # The CASE CFItemType an imported item carried ("Competency", "Standard"...), kept so an
    # export gives back what was imported; empty for items built here.
    case_item_type = models.CharField(max_length=100, blank=True)
    # The item this one was copied from when its framework was versioned.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="skills_item_code"),
            models.UniqueConstraint(
                fields=["framework", "case_identifier"], name="skills_item_case_identifier"
            ),
        ]
        ordering = ["framework", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        """Check the hierarchy rules against the parent (see :mod:`credstack.skills.rules`)."""
        super().clean()
        parent = self.parent if self.parent_id else None
        problem = rules.parent_problem(self, parent)
        if problem:
            raise ValidationError({"parent": problem})


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
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["credential", "item"], name="skills_alignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} → {self.item}"
