"""Stacks, pathways, the pathway analysis and the CTDL export."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Schema, Status

from credstack.accounts.models import Organisation
from credstack.accounts.permissions import staff_organisations
from credstack.problems import NotFound

from ..models import Lifecycle, MicroCredential, Pathway, Stack
from ..services import (
    acting_organisation,
    analyse_pathways,
    catalogue_document,
    credential_document,
    delete_pathway,
    delete_stack,
    save_pathway,
    save_stack,
)
from ..services.access import CATALOGUE_STAFF
from ..services.ctdl import CONTEXT, organisation_node, prefetched, stack_node
from ..services.ctdl import credential_id as ctdl_id
from . import router
from .auth import staff
from .credentials import paginate
from .schemas import AnalysisOut, PathwayIn, PathwayOut, StackIn, StackOut
from .serialise import pathway_out, stack_out


class StackPage(Schema):
    count: int
    page: int
    pages: int
    items: list[StackOut]


class PathwayPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PathwayOut]


def _public_or_staff(request: HttpRequest) -> Q:
    """Everything at organisations where the caller is catalogue staff (drafts included)."""
    mine = [o.pk for o in staff_organisations(request.user, CATALOGUE_STAFF)]
    return Q(organisation_id__in=mine)


@router.get("/stacks", response=StackPage, summary="Stacks (public ones, and your organisation's)")
def list_stacks(request: HttpRequest, page: int = Query(1, ge=1)) -> dict[str, Any]:
    live = MicroCredential.objects.filter(status=Lifecycle.PUBLISHED)
    qs = (
        Stack.objects.filter(Q(memberships__credential__in=live) | _public_or_staff(request))
        .distinct()
        .select_related("organisation")
        .prefetch_related("memberships")
        .order_by("title", "pk")
    )
    return paginate(qs, page, stack_out)


def _stack(request: HttpRequest, stack_id: int) -> Stack:
    stack = Stack.objects.select_related("organisation").filter(pk=stack_id).first()
    if stack is None:
        raise NotFound(f"There is no stack {stack_id}.")
    return stack


@router.post("/stacks", response={201: StackOut}, auth=staff)
def post_stack(request: HttpRequest, payload: StackIn) -> Status:
    org = acting_organisation(request.user, payload.organisation, "designer")
    return Status(201, stack_out(save_stack(request.user, org, payload.to_input())))  # type: ignore[arg-type]


@router.put("/stacks/{stack_id}", response=StackOut, auth=staff)
def put_stack(request: HttpRequest, stack_id: int, payload: StackIn) -> dict[str, Any]:
    stack = _stack(request, stack_id)
    return stack_out(save_stack(request.user, stack.organisation, payload.to_input(), stack))  # type: ignore[arg-type]


@router.delete("/stacks/{stack_id}", response={204: None}, auth=staff)
def remove_stack(request: HttpRequest, stack_id: int) -> Status:
    delete_stack(request.user, _stack(request, stack_id))  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/pathways", response=PathwayPage)
def list_pathways(request: HttpRequest, page: int = Query(1, ge=1)) -> dict[str, Any]:
    live = MicroCredential.objects.filter(status=Lifecycle.PUBLISHED)
    public = Q(from_credential__in=live) | Q(from_stack__memberships__credential__in=live)
    qs = (
        Pathway.objects.filter(public | _public_or_staff(request))
        .distinct()
        .select_related("organisation")
        .order_by("title", "pk")
    )
    return paginate(qs, page, pathway_out)


def _pathway(pathway_id: int) -> Pathway:
    pathway = Pathway.objects.select_related("organisation").filter(pk=pathway_id).first()
    if pathway is None:
        raise NotFound(f"There is no pathway {pathway_id}.")
    return pathway


@router.post("/pathways", response={201: PathwayOut}, auth=staff)
def post_pathway(request: HttpRequest, payload: PathwayIn) -> Status:
    org = acting_organisation(request.user, payload.organisation, "designer")
    return Status(201, pathway_out(save_pathway(request.user, org, payload.to_input())))  # type: ignore[arg-type]


@router.put("/pathways/{pathway_id}", response=PathwayOut, auth=staff)
def put_pathway(request: HttpRequest, pathway_id: int, payload: PathwayIn) -> dict[str, Any]:
    pathway = _pathway(pathway_id)
    saved = save_pathway(request.user, pathway.organisation, payload.to_input(), pathway)  # type: ignore[arg-type]
    return pathway_out(saved)


@router.delete("/pathways/{pathway_id}", response={204: None}, auth=staff)
def remove_pathway(request: HttpRequest, pathway_id: int) -> Status:
    delete_pathway(request.user, _pathway(pathway_id))  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/analysis", response=AnalysisOut, auth=staff, summary="Pathway analysis")
def get_analysis(
    request: HttpRequest,
    organisation: str | None = None,
    threshold: float = Query(0.6, gt=0, le=1),
) -> dict[str, Any]:
    org = acting_organisation(request.user, organisation, *CATALOGUE_STAFF)
    found = analyse_pathways(org, threshold=threshold)

    def ref(i: int) -> dict[str, Any]:
        node = found.credentials[i]
        return {"id": node.id, "code": node.code, "title": node.title}

    return {
        "organisation": org.slug,
        "credentials": len(found.credentials),
        "stacks": len(found.stacks),
        "pathways": len(found.pathways),
        "threshold": found.threshold,
        "orphans": [ref(i) for i in found.orphans],
        "dead_ends": [ref(i) for i in found.dead_ends],
        "cycles": [[ref(i) for i in cycle] for cycle in found.cycles],
        "overlaps": [
            {
                "first": ref(o.first),
                "second": ref(o.second),
                "score": o.score,
                "shared_skills": o.shared,
            }
            for o in found.overlaps
        ],
    }


def _jsonld(document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/ld+json; charset=utf-8",
    )


@router.get("/ctdl", summary="The published catalogue as CTDL JSON-LD")
def ctdl_catalogue(request: HttpRequest, organisation: str | None = None) -> HttpResponse:
    org = None
    if organisation:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise NotFound(f"There is no organisation {organisation!r}.")
    return _jsonld(catalogue_document(org))


@router.get("/ctdl/credentials/{credential_id}", summary="One published credential as CTDL")
def ctdl_credential(request: HttpRequest, credential_id: int) -> HttpResponse:
    credential = MicroCredential.objects.filter(
        pk=credential_id, status__in=[Lifecycle.PUBLISHED, Lifecycle.RETIRED]
    ).first()
    if credential is None:
        raise NotFound(f"There is no published credential {credential_id}.")
    return _jsonld(credential_document(credential))


@router.get("/ctdl/stacks/{slug}", summary="A stack as the CTDL certificate it leads to")
def ctdl_stack(request: HttpRequest, slug: str) -> HttpResponse:
    stack = (
        Stack.objects.select_related("organisation")
        .prefetch_related(
            "memberships__credential", "pathways_out__to_credential", "pathways_out__to_stack"
        )
        .filter(slug=slug)
        .first()
    )
    if stack is None:
        raise NotFound(f"There is no stack {slug!r}.")
    live = prefetched(
        MicroCredential.objects.filter(
            pk__in=[m.credential_id for m in stack.memberships.all()], status=Lifecycle.PUBLISHED
        )
    )
    members = [ctdl_id(c) for c in live]
    return _jsonld({"@context": CONTEXT, "@graph": [stack_node(stack, members)]})


@router.get(
    "/ctdl/organisations/{slug}", summary="An organisation as a CTDL credential organisation"
)
def ctdl_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise NotFound(f"There is no organisation {slug!r}.")
    return _jsonld({"@context": CONTEXT, **organisation_node(org)})
