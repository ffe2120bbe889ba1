"""Verification pages at the site root: the verifier, public credential pages and profiles."""

from django.urls import path

from .views import public, verify

app_name = "verification"

urlpatterns = [
    path("verify", verify.verify_page, name="verify"),
    path("verify/recipient", verify.identity_check, name="identity_check"),
    path("credentials/sharing", public.sharing_page, name="sharing"),
    path("credentials/<uuid:credential_uuid>", public.credential_page, name="credential"),
    path("people/<str:username>", public.profile_page, name="profile"),
]
