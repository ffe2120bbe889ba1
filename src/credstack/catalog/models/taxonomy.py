from __future__ import annotations

from django.db import models


class LevelScale(models.Model):
    """A configurable levels scale (e.g. the European Qualifications Framework, 1-8)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    scale = models.ForeignKey(LevelScale, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scale", "rank"], name="catalog_level_rank")]
        ordering = ["scale", "rank"]

    def __str__(self) -> str:
        return f"{self.scale.slug.upper()} {self.rank} — {self.name}"
