"""The badge design of a micro-credential: the designer's choices over the automatic badge.

One :class:`BadgeDesign` per catalogue lineage (every version of a product shares its badge).
Blank fields mean "automatic": shape from the level, colours from the brand and stack, icon
from the skill domain, title from the catalogue. Every change bumps ``version`` and is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from credstack.accounts.models.organisation import hex_colour

from .badge.icons import LABELS as ICON_LABELS
from .badge.shapes import SHAPES

SHAPE_CHOICES = [("", "Automatic (from the level)"), *SHAPES.items()]
ICON_CHOICES = [("", "Automatic (from the skill domain)"), *ICON_LABELS.items()]


class BadgeDesign(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="badge_designs"
    )
    credential_lineage = models.UUIDField(unique=True)
    shape = models.CharField(max_length=12, choices=SHAPE_CHOICES, blank=True)
    icon = models.CharField(max_length=16, choices=ICON_CHOICES, blank=True)
    primary_colour = models.CharField(max_length=7, blank=True, validators=[hex_colour])
    secondary_colour = models.CharField(max_length=7, blank=True, validators=[hex_colour])
    accent_colour = models.CharField(max_length=7, blank=True, validators=[hex_colour])
    text_colour = models.CharField(max_length=7, blank=True, validators=[hex_colour])
    badge_title = models.CharField(max_length=120, blank=True)
    subtitle = models.CharField(max_length=40, blank=True)
    issuer_label = models.CharField(max_length=80, blank=True)
    alt_text = models.CharField(max_length=300)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "credential_lineage"]

    def __str__(self) -> str:
        return f"badge design {self.credential_lineage} v{self.version}"
