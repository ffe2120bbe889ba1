from django.urls import include, path

from .views import claim, setup, staff, webhook_sources

app_name = "issuance"

urlpatterns = [
    path("", staff.awards, name="dashboard"),
    path("", staff.awards, name="awards"),
    path("awards/<uuid:credential_uuid>/", staff.award, name="award"),
    path("awards/<uuid:credential_uuid>/<slug:action>/", staff.award_action, name="award_action"),
    path("approvals/", staff.approvals, name="approvals"),
    path("award/new/", staff.manual_award, name="manual_award"),
    path("rules/", setup.rules, name="rules"),
    path("rules/<uuid:lineage>/", setup.rule, name="rule"),
    path("issuer/", setup.issuer, name="issuer"),
    path("issuer/create/<int:organisation_id>/", setup.create_issuer, name="create_issuer"),
    path("issuer/<slug:slug>/rotate/", setup.rotate, name="rotate_key"),
    path("webhook-sources/", webhook_sources.webhook_sources, name="webhook_sources"),
    path(
        "webhook-sources/<int:pk>/<slug:action>/",
        webhook_sources.webhook_source_action,
        name="webhook_source_action",
    ),
    path("claim/<str:token>", claim.claim, name="claim"),
    path("bulk/", include("credstack.issuance.bulk.urls")),
    path("credentials/<uuid:credential_uuid>/", claim.claimed, name="claimed"),
    path(
        "credentials/<uuid:credential_uuid>/credential.json",
        claim.download_json,
        name="download_json",
    ),
]
