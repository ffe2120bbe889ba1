"""Pages of the skills app, mounted at /skills/."""

from django.urls import path

from .views import alignments, frameworks, interchange, items, public

app_name = "skills"
urlpatterns = [
    path("", frameworks.framework_list, name="framework_list"),
    path("frameworks/new/", frameworks.framework_create, name="framework_create"),
    path("frameworks/import-case/", interchange.case_import, name="case_import"),
    path("frameworks/<int:framework_id>/", frameworks.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/edit/", frameworks.framework_edit, name="framework_edit"),
    path(
        "frameworks/<int:framework_id>/new-version/",
        frameworks.framework_version,
        name="framework_version",
    ),
    path("frameworks/<int:framework_id>/levels/new/", frameworks.level_form, name="level_create"),
    path(
        "frameworks/<int:framework_id>/levels/<int:level_id>/",
        frameworks.level_form,
        name="level_edit",
    ),
    path(
        "frameworks/<int:framework_id>/levels/<int:level_id>/delete/",
        frameworks.level_delete,
        name="level_delete",
    ),
    path("frameworks/<int:framework_id>/items/new/", items.item_create, name="item_create"),
    path("frameworks/<int:framework_id>/esco/", items.esco_add, name="esco_add"),
    path("frameworks/<int:framework_id>/import-csv/", interchange.csv_import, name="csv_import"),
    path("frameworks/<int:framework_id>/case.json", interchange.export_case, name="export_case"),
    path("frameworks/<int:framework_id>/items.csv", interchange.export_csv, name="export_csv"),
    path("frameworks/<int:framework_id>/coverage/", interchange.coverage, name="coverage"),
    path("items/<int:item_id>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:item_id>/delete/", items.item_delete, name="item_delete"),
    path(
        "credentials/<int:credential_id>/alignments/",
        alignments.credential_alignments,
        name="credential_alignments",
    ),
    path("public/", public.public_index, name="public_index"),
    path("public/<slug:slug>/<str:version>/", public.public_framework, name="public_framework"),
    path("public/<slug:slug>/<str:version>/<str:code>/", public.public_item, name="public_item"),
]
