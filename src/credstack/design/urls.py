"""The design app's pages. Mounted at the site root (see credstack/urls.py) because the public
Achievement images live under /issuers/<slug>/achievements/, beside the issuer documents."""

from django.urls import path

from . import views, views_delivery

app_name = "design"

urlpatterns = [
    path("design/", views.index, name="index"),
    path("design/credentials/<uuid:lineage>/", views.designer, name="designer"),
    path("design/credentials/<uuid:lineage>/preview", views.preview, name="preview"),
    path("design/credentials/<uuid:lineage>/badge.svg", views.staff_badge, name="staff_badge"),
    path("design/awards/<uuid:credential_uuid>/", views_delivery.celebrate, name="celebrate"),
    path(
        "design/awards/<uuid:credential_uuid>/badge.png",
        views_delivery.download,
        {"kind": "png"},
        name="download_png",
    ),
    path(
        "design/awards/<uuid:credential_uuid>/badge.svg",
        views_delivery.download,
        {"kind": "svg"},
        name="download_svg",
    ),
    path(
        "design/awards/<uuid:credential_uuid>/certificate.pdf",
        views_delivery.download,
        {"kind": "pdf"},
        name="download_pdf",
    ),
    path(
        "issuers/<slug:slug>/achievements/<str:lineage>/image.png",
        views_delivery.achievement_image,
        {"fmt": "png"},
        name="achievement_image_png",
    ),
    path(
        "issuers/<slug:slug>/achievements/<str:lineage>/image.svg",
        views_delivery.achievement_image,
        {"fmt": "svg"},
        name="achievement_image_svg",
    ),
]
