from django.urls import path

from .views import design, public, structure

app_name = "catalog"
urlpatterns = [
    path("", public.catalogue, name="list"),
    path("manage/", design.workspace, name="admin_list"),
    path("manage/new/", design.create, name="create"),
    path("manage/<int:pk>/", design.manage, name="manage"),
    path("manage/<int:pk>/edit/", design.edit, name="edit"),
    path("manage/<int:pk>/status/", design.change_status, name="change_status"),
    path("manage/<int:pk>/review/", design.review, name="review"),
    path("manage/<int:pk>/offerings/new/", design.offering_create, name="offering_create"),
    path(
        "manage/<int:pk>/offerings/<int:offering_id>/",
        design.offering_edit,
        name="offering_edit",
    ),
    path(
        "manage/<int:pk>/offerings/<int:offering_id>/cancel/",
        design.offering_cancel,
        name="offering_cancel",
    ),
    path("manage/stacks/", structure.stacks, name="stacks"),
    path("manage/stacks/new/", structure.stack_form, name="stack_create"),
    path("manage/stacks/<int:pk>/", structure.stack_form, name="stack_edit"),
    path("manage/stacks/<int:pk>/delete/", structure.stack_delete, name="stack_delete"),
    path("manage/pathways/new/", structure.pathway_form, name="pathway_create"),
    path("manage/pathways/<int:pk>/", structure.pathway_form, name="pathway_edit"),
    path("manage/pathways/<int:pk>/delete/", structure.pathway_delete, name="pathway_delete"),
    path("manage/analysis/", structure.analysis, name="analysis"),
    path("manage/analysis/map.svg", structure.analysis_map, name="analysis_map"),
    path("<slug:organisation>/<slug:slug>/", public.credential_page, name="credential"),
]
