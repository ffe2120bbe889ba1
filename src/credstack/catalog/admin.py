"""Admin screens for the catalogue's configuration: level scales and the quality checklist.

Products themselves change only through the design pages and the API, which run the
lifecycle rules and write the audit log; the admin shows them read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Level, LevelScale, MicroCredential, QualityCheck, Tag


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(LevelScale)
class LevelScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    inlines = [LevelInline]


@admin.register(QualityCheck)
class QualityCheckAdmin(admin.ModelAdmin):
    list_display = ["principle", "organisation", "position", "active"]
    list_filter = ["organisation", "active"]
    ordering = ["organisation", "position"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MicroCredential)
class MicroCredentialAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "status", "organisation"]
    list_filter = ["status", "organisation"]
    search_fields = ["code", "title"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
