"""The platform's URL map: pages per app, the API under /api/v1/, the admin for staff."""

from __future__ import annotations

import importlib

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from credstack.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    # Issuer profiles, DID documents and status lists live at stable root URLs (/issuers/...,
    # /.well-known/did.json): they are the ids inside signed credentials.
    path("", include("credstack.issuance.public_urls")),
    # Hosted Open Badges 2.0 documents (/ob2/...), CLR stack achievements (/clr/...) and the
    # earner's wallet (/wallet).
    path("", include("credstack.integrations.public_urls")),
]

# Each app's pages come from its own urls.py; the web app (home, layout) is mounted last at "".
for _app, _prefix in [
    ("accounts", "accounts/"),
    ("skills", "skills/"),
    ("catalog", "catalogue/"),
    ("learning", "learn/"),
    ("assessment", "assessment/"),
    (
        "design",
        "",
    ),  # design/urls.py prefixes its pages with design/; its Achievement images sit under /issuers/
    ("issuance", "issuance/"),
    ("verification", ""),
    ("integrations", "integrations/"),
    ("insights", "insights/"),
    ("web", ""),
]:
    try:
        importlib.import_module(f"credstack.{_app}.urls")
    except ModuleNotFoundError as e:
        if e.name != f"credstack.{_app}.urls":
            raise
        continue
    urlpatterns.append(path(_prefix, include(f"credstack.{_app}.urls")))

handler403 = "credstack.web.views.error_403"
handler404 = "credstack.web.views.error_404"
handler500 = "credstack.web.views.error_500"
