"""Bulk issuance pages: upload, preview, confirm, progress, report (page and CSV), controls.

Each view parses input, calls one service, renders; a service's ``Problem`` becomes a message
on the page, a refusal (PermissionDenied) the 403 page. The progress page polls a small JSON
view with ``fetch()`` (no htmx needed) and works without JavaScript through a meta refresh.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from credstack.problems import NotFound, Problem

from ..models import BulkJob, BulkJobRow
from . import services
from .csvfile import safe_cell
from .forms import BulkUploadForm

PAGE_SIZE = 100
ACTIONS = {
    "confirm": (services.confirm_job, "The job is queued; awards are being issued."),
    "pause": (services.pause_job, "The job is paused."),
    "resume": (services.resume_job, "The job is resuming."),
    "cancel": (services.cancel_job, "The job is cancelled; nothing more will be issued."),
}


def _job(request: HttpRequest, job_id: int) -> BulkJob:
    try:
        return services.job_for(request.user, job_id)
    except NotFound as e:
        from django.http import Http404

        raise Http404(e.detail) from e


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """The issuer's bulk jobs, and the upload form."""
    credentials = services.bulk_credentials(request.user)
    if not services.organisations_for(request.user, services.REQUEST_ROLES):
        raise PermissionDenied("Bulk issuance is for badge issuers.")
    form = BulkUploadForm(request.POST or None, request.FILES or None, credentials=credentials)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.upload_csv(
                    request.user,  # type: ignore[arg-type]
                    services.Upload(
                        credential=form.cleaned_data["credential"],
                        stream=upload,
                        size=upload.size,
                        filename=upload.name or "",
                        notify=form.cleaned_data["notify"],
                        evidence_consent=form.cleaned_data["evidence_consent"],
                    ),
                )
            except Problem as e:
                form.add_error("file" if e.code.startswith("CSV_") else None, e.detail)
                status = e.status if e.status in (403, 413) else 400
            else:
                return redirect("issuance:bulk:job", job_id=job.pk)
    page = Paginator(services.jobs_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "issuance/bulk/jobs.html", {"form": form, "page": page}, status=status)


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Preview (before confirmation) or progress and per-row results (after)."""
    found = _job(request, job_id)
    rows = services.report_rows(found)
    shown = request.GET.get("rows", "")
    if shown == "problems":
        rows = rows.exclude(state__in=[BulkJobRow.State.PENDING, BulkJobRow.State.DONE])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "job": found,
        "progress": services.progress(found),
        "page": page,
        "shown": shown,
        "query": f"rows={shown}&" if shown else "",
        "live": found.state in (BulkJob.State.QUEUED, BulkJob.State.RUNNING),
    }
    return render(request, "issuance/bulk/job.html", context)


@login_required
def job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    """The progress as JSON, for the page's poll."""
    data = services.progress(_job(request, job_id))
    for key in ("created_at", "started_at", "finished_at"):
        data[key] = data[key].isoformat() if data[key] else None  # type: ignore[attr-defined]
    return JsonResponse(data)


@login_required
@require_POST
def job_action(request: HttpRequest, job_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise PermissionDenied("Unknown action.")
    service, done = ACTIONS[action]
    _job(request, job_id)
    try:
        service(request.user, job_id)  # type: ignore[arg-type]
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, done)
    return redirect("issuance:bulk:job", job_id=job_id)


def _report_lines(found: BulkJob) -> Iterator[str]:
    class Line:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Line())
    yield writer.writerow(["row", "name", "email", "did", "state", "message", "credential_id"])
    for row in services.report_rows(found).iterator(chunk_size=2000):
        data = row.data
        yield writer.writerow(
            [
                row.number,
                *(safe_cell(data.get(k, "")) for k in ("name", "email", "did")),
                row.get_state_display(),
                safe_cell(row.message),
                f"urn:uuid:{row.award.credential_uuid}" if row.award else "",
            ]
        )


@login_required
def job_report(request: HttpRequest, job_id: int) -> StreamingHttpResponse:
    """The per-row result report as CSV, streamed (constant memory for any job size)."""
    found = _job(request, job_id)
    response = StreamingHttpResponse(_report_lines(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bulk-job-{found.pk}-report.csv"'
    return response
