"""The wallet, CLR and sharing API (``/api/v1/integrations``): the signed-in earner's own data.

Every endpoint acts on the caller's own wallet; another person's items are "not found". The
Open Badges 3.0 API (``/ims/ob/v3p0``) is a separate, later piece.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.api_auth import api_auth
from credstack.accounts.models import User
from credstack.problems import InvalidInput
from credstack.verification.services import public_url

from .models import ImportedCredential, IssuedClr
from .schemas import (
    ClrIn,
    ClrOut,
    ImportedDetailOut,
    ImportedOut,
    ImportIn,
    ShareIn,
    ShareOut,
    WalletAwardOut,
)
from .services import (
    MAX_IMPORT_BYTES,
    assertion_url,
    clr_for,
    clrs_of,
    delete_imported,
    export_archive,
    export_filename,
    import_credential,
    import_from_url,
    imported_for,
    imported_of,
    issue_clr,
    own_awards,
    share_award,
    share_counts,
)

router = Router(auth=api_auth, tags=["wallet"])


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _clr_out(clr: IssuedClr) -> dict[str, Any]:
    return {
        "credential_uuid": clr.credential_uuid,
        "stack_id": clr.stack_id,
        "stack": clr.stack.title,
        "award_uuids": clr.award_uuids,
        "created_at": clr.created_at,
        "download_url": reverse("api-v1:integrations_clr", args=[clr.credential_uuid]),
    }


@router.get("/wallet/awards", response=list[WalletAwardOut], summary="My awards")
@paginate(Page)
def list_awards(request: HttpRequest) -> list[dict[str, Any]]:
    awards = list(own_awards(_caller(request)))
    counts = share_counts([a.pk for a in awards])
    return [
        {
            "credential_uuid": a.credential_uuid,
            "name": a.credential.title,
            "issuer": a.issuer.name,
            "status": a.shown_status,
            "issued_at": a.issued_at,
            "public_url": public_url(a),
            "ob2_assertion_url": assertion_url(a),
            "shares": counts.get(a.pk, 0),
        }
        for a in awards
    ]


@router.get("/wallet/imported", response=list[ImportedOut], summary="Credentials I imported")
@paginate(Page)
def list_imported(request: HttpRequest) -> Any:
    return imported_of(_caller(request))


@router.post(
    "/wallet/imported",
    response={201: ImportedDetailOut},
    summary="Import a credential (JSON, JWT or URL)",
)
def import_json(request: HttpRequest, body: ImportIn) -> Status:
    """Verify, then store. Refusals: ``IMPORT_INVALID``, ``IMPORT_UNVERIFIABLE``,
    ``IMPORT_DUPLICATE``, ``IMPORT_OWN_AWARD``, ``IMPORT_URL_REFUSED``, ``IMPORT_TOO_LARGE``."""
    given = [v for v in (body.credential, body.url) if v]
    if len(given) != 1:
        raise InvalidInput("Give exactly one of “credential” or “url”.", code="IMPORT_ONE_SOURCE")
    user = _caller(request)
    if body.url:
        return Status(201, import_from_url(user, body.url))
    raw = body.credential if isinstance(body.credential, str) else json.dumps(body.credential)
    return Status(201, import_credential(user, raw))


@router.post(
    "/wallet/imported/file",
    response={201: ImportedDetailOut},
    summary="Import a credential file (baked PNG/SVG, JSON or JWT)",
)
def import_file(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - ninja's declaration style
) -> Status:
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        raise InvalidInput(
            f"The largest file accepted is {MAX_IMPORT_BYTES:,} bytes.", code="IMPORT_TOO_LARGE"
        )
    return Status(201, import_credential(_caller(request), file.read(MAX_IMPORT_BYTES + 1)))


@router.get(
    "/wallet/imported/{item_id}", response=ImportedDetailOut, summary="One imported credential"
)
def get_imported(request: HttpRequest, item_id: int) -> ImportedCredential:
    return imported_for(_caller(request), item_id)


@router.delete("/wallet/imported/{item_id}", response={204: None}, summary="Remove an import")
def remove_imported(request: HttpRequest, item_id: int) -> Status:
    delete_imported(_caller(request), item_id)
    return Status(204, None)


@router.get(
    "/wallet/export",
    summary="Everything in my wallet as one ZIP archive",
    response={200: None},
    openapi_extra={
        "responses": {"200": {"content": {"application/zip": {"schema": {"type": "string"}}}}}
    },
)
def export(request: HttpRequest) -> StreamingHttpResponse:
    user = _caller(request)
    response = StreamingHttpResponse(export_archive(user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(user)}"'
    return response


@router.get("/clrs", response=list[ClrOut], summary="My CLR learner records")
@paginate(Page)
def list_clrs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_clr_out(c) for c in clrs_of(_caller(request))]


@router.post(
    "/clrs",
    response={200: ClrOut, 201: ClrOut},
    summary="Issue my CLR for a completed stack (idempotent)",
)
def create_clr(request: HttpRequest, body: ClrIn) -> Status:
    """201 with a new record; 200 with the one already issued for this set of awards.
    ``STACK_NOT_COMPLETE`` (409) until the stack's rule is met."""
    clr, created = issue_clr(_caller(request), body.stack_id)
    return Status(201 if created else 200, _clr_out(clr))


@router.get(
    "/clrs/{credential_uuid}",
    url_name="integrations_clr",
    summary="Download a CLR (the signed ClrCredential JSON)",
    response={200: dict[str, Any]},
)
def get_clr(request: HttpRequest, credential_uuid: UUID) -> dict[str, Any]:
    return clr_for(_caller(request), credential_uuid).credential_json  # type: ignore[no-any-return]


@router.post(
    "/awards/{credential_uuid}/shares",
    response={201: ShareOut},
    summary="Share one of my awards (counted)",
)
def share(request: HttpRequest, credential_uuid: UUID, body: ShareIn) -> Status:
    shared = share_award(_caller(request), credential_uuid, body.channel, to=body.to)
    return Status(201, {"channel": shared.event.channel, "url": shared.url})
