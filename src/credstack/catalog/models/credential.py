from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Lifecycle(models.TextChoices):
    """The product lifecycle: draft → in review → approved → published → retired."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class DeliveryMode(models.TextChoices):
    ONLINE = "online", "Online"
    FACE_TO_FACE = "face_to_face", "Face-to-face"
    BLENDED = "blended", "Blended"


class ContentSourcing(models.TextChoices):
    BUILT = "built", "Built in-house"
    CURATED_OER = "curated_oer", "Curated open educational resources"
    LICENSED = "licensed", "Licensed"


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MicroCredential(models.Model):
    """A micro-credential product: a short, verified learning experience ending in a badge.

    A published product is never edited in place: a change makes a new version (a new row with
    the same ``lineage`` and ``version + 1``) that goes through review again.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="credentials"
    )
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    code = models.SlugField(max_length=60, help_text="A short code, e.g. DATA-101.")
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=200)
    short_description = models.CharField(max_length=300)
    long_description = models.TextField(blank=True)
    design_narrative = models.TextField(
        "what the earner will be able to do and why it matters", blank=True
    )
    volume_hours = models.PositiveSmallIntegerField(
        "volume of learning (hours)", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    level = models.ForeignKey(
        "catalog.Level", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credit_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    credit_system = models.CharField(max_length=30, blank=True, default="ECTS")
    delivery_mode = models.CharField(
        max_length=15, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    language = models.CharField(max_length=10, default="en")
    price = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="EUR")
    fee_waivers = models.TextField(blank=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by"
    )
    content_sourcing = models.CharField(
        max_length=15, choices=ContentSourcing.choices, default=ContentSourcing.BUILT
    )
    content_licence = models.CharField(max_length=120, blank=True)
    content_attribution = models.TextField(blank=True)
    industry_partners = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="co_designed_credentials"
    )
    co_design_notes = models.TextField(blank=True)
    assessment_methods = models.TextField(blank=True)
    evidence_required = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months an award stays valid; empty for no expiry."
    )
    achievement_type = models.CharField(max_length=60, default="MicroCredential")
    tags = models.ManyToManyField(Tag, blank=True, related_name="credentials")
    status = models.CharField(
        max_length=12, choices=Lifecycle.choices, default=Lifecycle.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"], name="catalog_credential_version"
            ),
            models.UniqueConstraint(fields=["lineage", "version"], name="catalog_lineage_version"),
            models.CheckConstraint(
                condition=models.Q(volume_hours__gte=1) & models.Q(volume_hours__lte=100),
                name="catalog_volume_1_to_100_hours",
            ),
        ]
        ordering = ["title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class LearningOutcome(models.Model):
    credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="outcomes"
    )
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=20, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["credential", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class AssessmentCriterion(models.Model):
    """A criterion the assessment judges (met / not yet met), tied to the outcomes it assesses."""

    credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    rubric = models.TextField(blank=True, help_text="What 'met' looks like.")
    outcomes = models.ManyToManyField(LearningOutcome, blank=True, related_name="criteria")

    class Meta:
        ordering = ["credential", "position", "id"]
        verbose_name_plural = "assessment criteria"

    def __str__(self) -> str:
        return self.text[:80]
