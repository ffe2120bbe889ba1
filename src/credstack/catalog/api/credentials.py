"""Credential endpoints: the public list and detail, and design, review and offerings for staff."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema, Status

from credstack.problems import NotFound

from ..models import LifecycleEvent, MicroCredential, Offering
from ..services import (
    CatalogueFilters,
    acting_organisation,
    alignment_matrix,
    can_see,
    cancel_offering,
    create_credential,
    save_offering,
    search,
    transition,
    update_credential,
)
from ..services.access import CATALOGUE_STAFF
from . import router
from .auth import staff
from .schemas import (
    CancellationIn,
    CredentialDetailOut,
    CredentialIn,
    CredentialOut,
    EventOut,
    MatrixOut,
    OfferingIn,
    OfferingOut,
    TransitionIn,
)
from .serialise import credential_detail, credential_summary, matrix_out, offering_out

PAGE_SIZE = 20


class CredentialPage(Schema):
    count: int
    page: int
    pages: int
    items: list[CredentialOut]


class OfferingPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OfferingOut]


class CatalogueQuery(Schema):
    q: str = Field(default="", max_length=200)
    skill: int | None = None
    level: int | None = None
    min_hours: int | None = Field(default=None, ge=0)
    max_hours: int | None = Field(default=None, ge=0)
    mode: str = ""
    price: str = ""
    max_price: float | None = Field(default=None, ge=0)
    partner: int | None = None
    language: str = ""
    page: int = Field(default=1, ge=1, le=100_000)


def paginate(qs: QuerySet[Any], page: int, shape: Any) -> dict[str, Any]:
    paginator = Paginator(qs, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "items": [shape(x) for x in current.object_list],
    }


def _visible(request: HttpRequest, credential_id: int) -> MicroCredential:
    credential = (
        MicroCredential.objects.select_related("organisation", "level", "level__scale")
        .filter(pk=credential_id)
        .first()
    )
    if credential is None or not can_see(request.user, credential):
        raise NotFound(f"There is no credential {credential_id} you can see.")
    return credential


@router.get("/credentials", response=CredentialPage, summary="Search the published catalogue")
def list_credentials(request: HttpRequest, filters: Query[CatalogueQuery]) -> dict[str, Any]:
    data = filters.model_dump(exclude={"page"})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return paginate(search(CatalogueFilters.from_query(data)), filters.page, credential_summary)


@router.get(
    "/manage/credentials",
    response=CredentialPage,
    auth=staff,
    summary="Credentials in any state at your organisation (designers, QA/release managers)",
)
def list_managed(
    request: HttpRequest, organisation: str | None = None, status: str = "", page: int = 1
) -> dict[str, Any]:
    org = acting_organisation(request.user, organisation, *CATALOGUE_STAFF)
    qs = MicroCredential.objects.filter(organisation=org).select_related(
        "organisation", "level", "level__scale"
    )
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("code", "version"), max(page, 1), credential_summary)


@router.get("/credentials/{credential_id}", response=CredentialDetailOut)
def get_credential(request: HttpRequest, credential_id: int) -> dict[str, Any]:
    credential = _visible(request, credential_id)
    return credential_detail(credential, alignment_matrix(credential))


@router.post("/credentials", response={201: CredentialDetailOut}, auth=staff)
def post_credential(request: HttpRequest, payload: CredentialIn) -> Status:
    org = acting_organisation(request.user, payload.organisation, "designer")
    credential = create_credential(request.user, org, payload.to_input())  # type: ignore[arg-type]
    return Status(201, credential_detail(credential, alignment_matrix(credential)))


@router.put(
    "/credentials/{credential_id}",
    response=CredentialDetailOut,
    auth=staff,
    summary="Replace a draft's content (a published credential gets a new draft version)",
)
def put_credential(
    request: HttpRequest, credential_id: int, payload: CredentialIn
) -> dict[str, Any]:
    credential = _visible(request, credential_id)
    changed = update_credential(request.user, credential, payload.to_input())  # type: ignore[arg-type]
    return credential_detail(changed, alignment_matrix(changed))


@router.post("/credentials/{credential_id}/transitions", response=CredentialDetailOut, auth=staff)
def post_transition(
    request: HttpRequest, credential_id: int, payload: TransitionIn
) -> dict[str, Any]:
    credential = _visible(request, credential_id)
    moved = transition(
        request.user,  # type: ignore[arg-type]
        credential,
        payload.action,
        comment=payload.comment,
        checklist=payload.checklist,
        waiver=payload.waiver,
    )
    return credential_detail(moved, alignment_matrix(moved))


@router.get("/credentials/{credential_id}/alignment", response=MatrixOut)
def get_alignment(request: HttpRequest, credential_id: int) -> dict[str, Any]:
    return matrix_out(alignment_matrix(_visible(request, credential_id)))


@router.get("/credentials/{credential_id}/history", response=list[EventOut])
def get_history(request: HttpRequest, credential_id: int) -> list[dict[str, Any]]:
    credential = _visible(request, credential_id)
    return [
        {
            "from_status": e.from_status,
            "to_status": e.to_status,
            "actor": str(e.actor) if e.actor_id else None,
            "comment": e.comment,
            "alignment_waiver": e.alignment_waiver,
            "checklist": e.checklist,
            "created_at": e.created_at,
        }
        for e in LifecycleEvent.objects.filter(credential=credential).select_related("actor")
    ]


@router.get("/credentials/{credential_id}/offerings", response=OfferingPage)
def list_offerings(request: HttpRequest, credential_id: int, page: int = 1) -> dict[str, Any]:
    credential = _visible(request, credential_id)
    qs = Offering.objects.filter(credential=credential).select_related("facilitator")
    return paginate(qs.order_by("starts_on", "pk"), max(page, 1), offering_out)


@router.post("/credentials/{credential_id}/offerings", response={201: OfferingOut}, auth=staff)
def post_offering(request: HttpRequest, credential_id: int, payload: OfferingIn) -> Status:
    credential = _visible(request, credential_id)
    offering = save_offering(request.user, credential, payload.to_input())  # type: ignore[arg-type]
    return Status(201, offering_out(offering))


def _offering(credential: MicroCredential, offering_id: int) -> Offering:
    offering = (
        Offering.objects.select_related("credential__organisation", "facilitator")
        .filter(pk=offering_id, credential=credential)
        .first()
    )
    if offering is None:
        raise NotFound(f"{credential.title} has no offering {offering_id}.")
    return offering


@router.put(
    "/credentials/{credential_id}/offerings/{offering_id}", response=OfferingOut, auth=staff
)
def put_offering(
    request: HttpRequest, credential_id: int, offering_id: int, payload: OfferingIn
) -> dict[str, Any]:
    """Reschedule an offering: the body replaces every field (as when it was created)."""
    credential = _visible(request, credential_id)
    offering = save_offering(
        request.user,  # type: ignore[arg-type]
        credential,
        payload.to_input(),
        _offering(credential, offering_id),
    )
    return offering_out(offering)


@router.post(
    "/credentials/{credential_id}/offerings/{offering_id}/cancellation",
    response=OfferingOut,
    auth=staff,
)
def post_cancellation(
    request: HttpRequest, credential_id: int, offering_id: int, payload: CancellationIn
) -> dict[str, Any]:
    """Cancel an offering with a reason; its enrolled and waitlisted learners are emailed."""
    offering = _offering(_visible(request, credential_id), offering_id)
    return offering_out(cancel_offering(request.user, offering, payload.reason))  # type: ignore[arg-type]
