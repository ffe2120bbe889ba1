"""Bulk issuance pages, included by issuance/urls.py under issuance/bulk/."""

from django.urls import path

from . import views

app_name = "bulk"

urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("<int:job_id>/", views.job, name="job"),
    path("<int:job_id>/progress.json", views.job_progress, name="progress"),
    path("<int:job_id>/report.csv", views.job_report, name="report"),
    path("<int:job_id>/<slug:action>/", views.job_action, name="action"),
]
