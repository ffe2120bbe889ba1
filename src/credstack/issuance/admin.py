"""Admin screens: read-mostly views of issuance data. Secrets are not fields here at all.

``IssuerKey.encrypted_secret`` and ``WebhookSource.encrypted_secret`` are ``editable=False``,
so no admin form or change list can show them; staff change state through the app's pages
(which audit, and keep status lists in step) rather than here: every screen is read-only.
"""

from __future__ import annotations

from django.contrib import admin

from .models import Award, IssuerKey, IssuerProfile, ReleaseRule, StatusList, WebhookSource


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Viewing only: a change here would bypass the audit log and the status lists."""

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(IssuerProfile)
class IssuerProfileAdmin(ReadOnly):
    list_display = ("name", "slug", "organisation")
    search_fields = ("name", "slug")


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnly):
    list_display = ("issuer", "public_multibase", "is_current", "created_at", "retired_at")
    fields = ("issuer", "public_multibase", "is_current", "retired_at")
    readonly_fields = fields


@admin.register(Award)
class AwardAdmin(ReadOnly):
    list_display = ("credential", "recipient_key", "source", "status", "issued_at")
    list_filter = ("status", "source")
    search_fields = ("recipient_key", "recipient_name")
    readonly_fields = ("credential_uuid", "status", "issued_at", "status_index")
    exclude = ("claim_token_hash",)


@admin.register(ReleaseRule)
class ReleaseRuleAdmin(ReadOnly):
    list_display = ("credential_lineage", "requires_approval", "evidence_sharing")


@admin.register(StatusList)
class StatusListAdmin(ReadOnly):
    list_display = ("issuer", "purpose", "sequence", "next_index", "version")
    readonly_fields = ("issuer", "purpose", "sequence", "size", "next_index", "version")


@admin.register(WebhookSource)
class WebhookSourceAdmin(ReadOnly):
    list_display = ("name", "organisation", "kind", "active")
