"""CASE 1.0 and CSV import/export, and coverage."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from credstack.accounts.models import Organisation
from credstack.problems import NotFound, Problem

from .. import services
from ..interchange import case_format, csv_format
from . import _common as c
from .schemas import CoverageOut, CsvImportOut, FrameworkOut

router = Router()


@router.get("/frameworks/{framework_id}/case", summary="Export as a CASE 1.0 CFPackage")
def export_case(request: HttpRequest, framework_id: int) -> JsonResponse:
    return JsonResponse(services.export_case_package(c.get_framework(framework_id)))


@router.post(
    "/case-import",
    response={201: FrameworkOut},
    summary="Import a CASE 1.0 CFPackage (the JSON request body) as a new framework",
)
def import_case(
    request: HttpRequest, organisation_id: int, keep_identifiers: bool = True, slug: str = ""
) -> Status[Any]:
    user = c.actor(request)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(f"No organisation has id {organisation_id}.", code="ORGANISATION_NOT_FOUND")
    services.require_designer(user, organisation)
    try:
        body = request.body
    except RequestDataTooBig as e:
        raise Problem(
            f"The package is larger than {case_format.MAX_BYTES:,} bytes.",
            code="CASE_TOO_LARGE",
            status=413,
        ) from e
    framework = services.import_case(
        organisation, body, user, keep_identifiers=keep_identifiers, slug=slug[:80]
    )
    return Status(201, c.framework_out(framework))


@router.get("/frameworks/{framework_id}/csv", summary="Export items as CSV")
def export_csv(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = c.get_framework(framework_id)
    response = HttpResponse(
        services.export_csv_text(framework), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{framework.slug}-{framework.version}.csv"'
    )
    return response


@router.post(
    "/frameworks/{framework_id}/csv-import",
    response={200: CsvImportOut, 422: CsvImportOut},
    summary="Import items from CSV: dry_run=true previews, mode=all|valid_rows commits",
)
def import_csv(
    request: HttpRequest,
    framework_id: int,
    file: UploadedFile = File(...),  # noqa: B008 - ninja's declaration style
    dry_run: bool = Form(False),
    mode: str = Form(services.ALL_OR_NOTHING),
) -> Status[Any]:
    user = c.actor(request)
    framework = c.get_framework(framework_id)
    services.require_editable(framework, user)
    # Read one byte past the limit so an oversize upload is refused without loading it all.
    data = file.read(csv_format.MAX_BYTES + 1)
    report = services.import_csv(framework, data, user, mode=mode, dry_run=dry_run)
    failed = report.file_error is not None or (not dry_run and not report.committed)
    return Status((422 if failed else 200), report.as_dict())


@router.get(
    "/frameworks/{framework_id}/coverage",
    response=CoverageOut,
    summary="Coverage of a framework by the catalogue",
)
def coverage(
    request: HttpRequest, framework_id: int, over: int | None = None, limit: int = 100
) -> dict[str, Any]:
    user = c.actor(request)
    framework = c.get_framework(framework_id)
    services.require_staff(user, framework.organisation)
    if over is not None and not 0 <= over <= 10_000:
        raise Problem("over must be between 0 and 10000.", code="INVALID_INPUT", status=422)
    limit = max(1, min(limit, 1000))
    report = services.coverage(framework, threshold=over)

    def row(ic: services.ItemCoverage) -> dict[str, Any]:
        i = ic.item
        return {
            "id": i.pk,
            "code": i.code,
            "title": i.title,
            "kind": i.kind,
            "direct": ic.direct,
            "subtree": ic.subtree,
        }

    uncovered, over_covered = report.uncovered, report.over_covered
    return {
        "framework_id": framework.pk,
        "threshold": report.threshold,
        "items": len(report.items),
        "covered": report.covered_count,
        "uncovered_count": len(uncovered),
        "over_covered_count": len(over_covered),
        "uncovered": [row(x) for x in uncovered[:limit]],
        "over_covered": [row(x) for x in over_covered[:limit]],
        "domains": [
            {
                "domain_id": d.domain.pk if d.domain else None,
                "code": d.domain.code if d.domain else "",
                "title": d.domain.title if d.domain else "Outside any domain",
                "items": d.items,
                "covered": d.covered,
                "uncovered": d.uncovered,
                "credentials": d.credentials,
            }
            for d in report.domains
        ],
    }
