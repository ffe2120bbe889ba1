from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #RRGGBB.")


class Role(models.TextChoices):
    """What a member of staff may do at an organisation (DESIGN.md: governance roles)."""

    ADMINISTRATOR = "administrator", "Administrator"
    DESIGNER = "designer", "Designer (creator/curator)"
    ASSESSOR = "assessor", "Assessor"
    INDUSTRY_ASSESSOR = "industry_assessor", "Industry assessor"
    QA_MANAGER = "qa_manager", "QA/release manager"
    BADGE_ISSUER = "badge_issuer", "Badge issuer"
    FACILITATOR = "facilitator", "Facilitator/mentor"
    ANALYST = "analyst", "Analyst"


class Organisation(models.Model):
    """An issuing institution, an industry partner or a professional body."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", "Issuing institution"
        INDUSTRY_PARTNER = "industry_partner", "Industry partner"
        PROFESSIONAL_BODY = "professional_body", "Professional body"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INSTITUTION)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    logo = models.ImageField(upload_to="organisations/logos/", blank=True)
    brand_primary = models.CharField(max_length=7, default="#1F4E79", validators=[hex_colour])
    brand_secondary = models.CharField(max_length=7, default="#F2A900", validators=[hex_colour])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One role a user holds at one organisation (a user may hold several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # Industry assessors are invited to assess particular credentials only; the assessment app
    # narrows their rights with its own invitation rows.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="accounts_membership_unique_role"
            )
        ]
        ordering = ["organisation__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"
