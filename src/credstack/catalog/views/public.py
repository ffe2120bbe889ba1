"""The public catalogue (no sign-in): browse, search and filter, and one credential's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from credstack.problems import NotFound

from ..models import DeliveryMode
from ..services import (
    CatalogueFilters,
    filter_options,
    published_credential,
    search,
    where_it_leads,
)
from ..services.catalogue import PAGE_SIZE
from ._staff import reverse_or_none


def catalogue(request: HttpRequest) -> HttpResponse:
    """Browse published credentials; every filter lives in the query string, so links share."""
    filters = CatalogueFilters.from_query(request.GET)
    paginator = Paginator(search(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "catalog/catalogue.html",
        {
            "filters": filters,
            "page": page,
            "options": filter_options(),
            "modes": DeliveryMode.choices,
            "query_without_page": keep.urlencode(),
            "compare_url": reverse_or_none("learning:compare"),
        },
    )


def credential_page(request: HttpRequest, organisation: str, slug: str) -> HttpResponse:
    """Everything a learner needs to decide, and the Open Graph card for sharing."""
    try:
        credential = published_credential(organisation, slug)
    except NotFound as e:
        raise Http404(e.detail) from e
    # Imported here, not at the top: learning depends on the catalogue (DESIGN.md), so a
    # module-level import would make the two apps import each other at start-up.
    from credstack.learning.services import note_aware

    note_aware(request.user, credential)  # the funnel's "aware" step; anonymous visits are skipped
    offerings = [
        {
            "offering": o,
            "enrol_url": None
            if o.is_cancelled
            else reverse_or_none("learning:enrol_start", offering_id=o.pk),
        }
        for o in credential.upcoming  # type: ignore[attr-defined]
    ]
    return render(
        request,
        "catalog/credential.html",
        {
            "credential": credential,
            "offerings": offerings,
            "leads": where_it_leads(credential),
            "absolute_url": request.build_absolute_uri(),
            "compare_url": reverse_or_none("learning:compare"),
        },
    )
