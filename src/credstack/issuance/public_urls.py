"""Public issuer documents at the site root (mounted by credstack.urls, namespace "issuers")."""

from django.urls import path

from .views import public

app_name = "issuers"

urlpatterns = [
    path(".well-known/did.json", public.platform_did, name="platform_did"),
    path("issuers/<slug:slug>", public.profile, name="profile"),
    path("issuers/<slug:slug>/did.json", public.issuer_did, name="did"),
    path(
        "issuers/<slug:slug>/status/<str:purpose>/<int:sequence>",
        public.status_list,
        name="status_list",
    ),
    path(
        "issuers/<slug:slug>/status/revocation/<int:sequence>/suspension",
        public.suspension_companion,
        name="suspension_companion",
    ),
    path("issuers/<slug:slug>/achievements/<uuid:lineage>", public.achievement, name="achievement"),
    path(
        "issuers/<slug:slug>/achievements/<uuid:lineage>/image.png",
        public.achievement_image,
        name="achievement_image",
    ),
]
