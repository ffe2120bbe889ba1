"""The staff page that aligns one credential to framework items (skills:credential_alignments)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from credstack.catalog.models import MicroCredential
from credstack.problems import Problem

from .. import services
from ..forms import AlignForm, ItemSearchForm
from ..models import Framework, FrameworkItem
from ._common import actor

RESULTS = 40


@login_required
def credential_alignments(request: HttpRequest, credential_id: int) -> HttpResponse:
    credential = get_object_or_404(
        MicroCredential.objects.select_related("organisation"), pk=credential_id
    )
    services.require_staff(actor(request), credential.organisation)
    if request.method == "POST":
        _change(request, credential)
        return redirect(
            f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path
        )

    superseded = Framework.objects.filter(previous_version__isnull=False).values("previous_version")
    frameworks = (
        Framework.objects.filter(organisation=credential.organisation)
        | Framework.objects.filter(organisation__isnull=True)
    ).exclude(pk__in=superseded)
    search = ItemSearchForm(frameworks, request.GET or None)
    results: list[FrameworkItem] = []
    searched = search.is_bound and search.is_valid()
    if searched:
        chosen = search.cleaned_data["framework"]
        scope = frameworks.filter(pk=chosen.pk) if chosen else frameworks
        query = services.search_items(
            scope, query=search.cleaned_data["q"], kind=search.cleaned_data["kind"]
        )
        results = list(query.prefetch_related("framework__levels")[: RESULTS + 1])
    alignments = services.alignments_for(credential)
    aligned_ids = {a.item_id for a in alignments}
    context = {
        "credential": credential,
        "alignments": alignments,
        "search": search,
        "searched": searched,
        "results": results[:RESULTS],
        "more": len(results) > RESULTS,
        "aligned_ids": aligned_ids,
        "can_edit": services.can_design(actor(request), credential.organisation)
        and credential.status not in services.alignments.LOCKED_STATUSES,
    }
    return render(request, "skills/credential_alignments.html", context)


def _change(request: HttpRequest, credential: MicroCredential) -> None:
    action = request.POST.get("action", "")
    form = AlignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an item (and a proficiency level from its framework).")
        return
    item = form.cleaned_data["item"]
    try:
        if action == "remove":
            services.unalign(credential, item, actor(request))
            messages.success(request, f"Removed {item.code} {item.title}.")
        else:
            services.align(credential, item, form.cleaned_data["proficiency"], actor(request))
            messages.success(request, f"Aligned to {item.code} {item.title}.")
    except Problem as e:
        messages.error(request, e.detail)
