"""Import and export pages (CSV with preview, CASE packages) and the coverage page."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from credstack.accounts.models import Role
from credstack.accounts.permissions import staff_organisations
from credstack.problems import Problem

from .. import services
from ..forms import CaseUploadForm, CsvCommitForm, CsvUploadForm, show_problem
from ..interchange import case_format, csv_format
from ._common import actor, design_context, framework_or_404

_SESSION_KEY = "skills.csv_import.{}"


@login_required
def csv_import(request: HttpRequest, framework_id: int) -> HttpResponse:
    """Upload → preview (nothing written, the file kept in the session) → import."""
    framework = framework_or_404(framework_id)
    services.require_editable(framework, actor(request))
    key = _SESSION_KEY.format(framework.pk)
    upload = CsvUploadForm()
    report = None
    digest = ""
    if request.method == "POST" and "digest" in request.POST:
        commit = CsvCommitForm(request.POST)
        stored = request.session.get(key)
        if not commit.is_valid() or not stored or stored["digest"] != commit.cleaned_data["digest"]:
            messages.error(request, "That preview has expired; upload the file again.")
            return redirect("skills:csv_import", framework_id=framework.pk)
        report = services.import_csv(
            framework,
            stored["text"].encode("utf-8"),
            actor(request),
            mode=commit.cleaned_data["mode"],
        )
        if report.committed:
            del request.session[key]
            messages.success(
                request, f"Imported {report.created} item(s); {report.invalid} row(s) skipped."
            )
            return redirect("skills:framework_detail", framework_id=framework.pk)
        messages.error(request, "Nothing was imported: some rows have errors.")
        digest = stored["digest"]
    elif request.method == "POST":
        upload = CsvUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            data = upload.cleaned_data["file"].read(csv_format.MAX_BYTES + 1)
            report = services.import_csv(framework, data, actor(request), dry_run=True)
            if report.file_error is None and report.valid:
                digest = hashlib.sha256(data).hexdigest()
                request.session[key] = {"digest": digest, "text": data.decode("utf-8-sig")}
    context = {
        **design_context(request.user, framework),
        "upload": upload,
        "report": report,
        "digest": digest,
        "columns": csv_format.COLUMNS,
    }
    return render(
        request,
        "skills/csv_import.html",
        context,
        status=422 if report and report.file_error else 200,
    )


@login_required
def case_import(request: HttpRequest) -> HttpResponse:
    organisations = staff_organisations(request.user, [Role.DESIGNER])
    if not organisations:
        raise PermissionDenied("Importing a framework needs the designer role.")
    form = CaseUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(case_format.MAX_BYTES + 1)
        try:
            framework = services.import_case(
                organisations[0],
                data,
                actor(request),
                keep_identifiers=not form.cleaned_data["fresh_identifiers"],
                slug=form.cleaned_data["slug"],
            )
        except Problem as e:
            show_problem(form, e)
            status = 422
            form.problem_rows = e.errors[:50]  # type: ignore[attr-defined]
        else:
            messages.success(
                request, f"Imported {framework} with {framework.items.count()} item(s)."
            )
            return redirect("skills:framework_detail", framework_id=framework.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "skills/case_import.html", {"form": form}, status=status)


def export_case(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    body = json.dumps(services.export_case_package(framework), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{framework.slug}-{framework.version}.case.json"'
    )
    return response


def export_csv(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    response = HttpResponse(
        services.export_csv_text(framework), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{framework.slug}-{framework.version}.csv"'
    )
    return response


@login_required
def coverage(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    services.require_staff(actor(request), framework.organisation)
    over = request.GET.get("over", "")
    threshold = int(over) if over.isdigit() and int(over) <= 10_000 else None
    report = services.coverage(framework, threshold=threshold)
    context = {**design_context(request.user, framework), "report": report}
    return render(request, "skills/coverage.html", context)
