"""Bulk issuance API, mounted by issuance/api.py at /api/v1/issuance/bulk.

``POST /bulk`` uploads a CSV (multipart) and answers with the preview counts; ``POST
/bulk/{id}/confirm`` starts it; ``GET /bulk/{id}`` is the progress; ``GET /bulk/{id}/rows``
the per-row results; pause, resume and cancel are POSTs. Errors are problem details.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.problems import NotFound

from . import services

router = Router(tags=["bulk issuance"])


class Page(PageNumberPagination):
    """``?page=N`` and ``?page_size=M`` (at most 500); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=100, max_page_size=500)


class JobOut(Schema):
    """A bulk job's progress (read-only)."""

    id: int
    state: str
    state_label: str
    credential: str
    filename: str
    total_rows: int
    done_rows: int
    failed_rows: int
    skipped_rows: int
    settled_rows: int
    percent: float
    stalled: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RowOut(Schema):
    number: int
    state: str
    message: str
    errors: list[dict[str, str]]
    recipient: str
    credential_id: str | None


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


@router.get("", response=list[JobOut])
@paginate(Page)
def list_jobs(request: HttpRequest) -> list[dict[str, Any]]:
    """Your organisations' bulk jobs, newest first."""
    user = _caller(request)
    if not services.organisations_for(user, services.REQUEST_ROLES):
        raise PermissionDenied("Bulk issuance is for badge issuers.")
    return [services.progress(job) for job in services.jobs_for(user)]


@router.post("", response={201: JobOut})
def upload(
    request: HttpRequest,
    credential: Form[int],
    file: File[UploadedFile],
    notify: Form[bool] = True,
    evidence_consent: Form[str] = "none",
) -> tuple[int, dict[str, Any]]:
    """Upload a CSV for preview; nothing is issued until ``POST /bulk/{id}/confirm``."""
    product = MicroCredential.objects.filter(pk=credential).first()
    if product is None:
        raise NotFound(f"There is no micro-credential {credential}.", code="CREDENTIAL_NOT_FOUND")
    job = services.upload_csv(
        _caller(request),
        services.Upload(
            credential=product,
            stream=file,
            size=file.size or 0,
            filename=file.name or "",
            notify=notify,
            evidence_consent=evidence_consent,
        ),
    )
    return 201, services.progress(job)


@router.get("/{job_id}", response=JobOut)
def get_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A job's progress: poll it while ``state`` is ``queued`` or ``running``."""
    return services.progress(services.job_for(_caller(request), job_id))


@router.get("/{job_id}/rows", response=list[RowOut])
@paginate(Page)
def job_rows(request: HttpRequest, job_id: int) -> list[dict[str, Any]]:
    """The per-row results in file order."""
    job = services.job_for(_caller(request), job_id)
    return [
        {
            "number": row.number,
            "state": row.state,
            "message": row.message,
            "errors": row.errors,
            "recipient": row.data.get("email") or row.data.get("did") or "",
            "credential_id": f"urn:uuid:{row.award.credential_uuid}" if row.award else None,
        }
        for row in services.report_rows(job)
    ]


def _act(request: HttpRequest, job_id: int, service: Any) -> dict[str, Any]:
    job = service(_caller(request), job_id)
    return services.progress(job)


@router.post("/{job_id}/confirm", response=JobOut)
def confirm(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return _act(request, job_id, services.confirm_job)


@router.post("/{job_id}/pause", response=JobOut)
def pause(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return _act(request, job_id, services.pause_job)


@router.post("/{job_id}/resume", response=JobOut)
def resume(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return _act(request, job_id, services.resume_job)


@router.post("/{job_id}/cancel", response=JobOut)
def cancel(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return _act(request, job_id, services.cancel_job)
