"""Stacks, pathways and the pathway analysis with its constellation map (designers, QA)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.accounts.models import Role
from credstack.accounts.permissions import has_role, require_role
from credstack.problems import Problem

from ..forms import PathwayForm, StackForm
from ..models import Pathway, Stack
from ..services import (
    analyse_pathways,
    delete_pathway,
    delete_stack,
    render_constellation,
    save_pathway,
    save_stack,
)
from ..services.access import CATALOGUE_STAFF
from ._staff import organisation_for, show_problem


@login_required
def stacks(request: HttpRequest) -> HttpResponse:
    organisation = organisation_for(request, *CATALOGUE_STAFF)
    return render(
        request,
        "catalog/stacks.html",
        {
            "organisation": organisation,
            "stacks": Stack.objects.filter(organisation=organisation).prefetch_related(
                "memberships__credential"
            ),
            "pathways": Pathway.objects.filter(organisation=organisation).select_related(
                "from_credential", "from_stack", "to_credential", "to_stack"
            ),
            "is_designer": has_role(request.user, organisation, Role.DESIGNER),
        },
    )


@login_required
def stack_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    stack = get_object_or_404(Stack, pk=pk) if pk else None
    organisation = stack.organisation if stack else organisation_for(request, Role.DESIGNER)
    require_role(request.user, organisation, Role.DESIGNER)
    initial = {}
    if stack is not None:
        initial = {
            "title": stack.title,
            "award_title": stack.award_title,
            "description": stack.description,
            "rule": stack.rule,
            "required_count": stack.required_count,
            "credit_threshold": stack.credit_threshold,
            "members": [m.credential_id for m in stack.memberships.all()],
        }
    form = StackForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            save_stack(request.user, organisation, form.to_input(), stack)  # type: ignore[arg-type]
        except Problem as problem:
            show_problem(request, problem, form)
        else:
            messages.success(request, "Stack saved.")
            return redirect("catalog:stacks")
    return render(request, "catalog/stack_form.html", {"form": form, "stack": stack})


@login_required
@require_POST
def stack_delete(request: HttpRequest, pk: int) -> HttpResponse:
    stack = get_object_or_404(Stack, pk=pk)
    delete_stack(request.user, stack)  # type: ignore[arg-type]
    messages.success(request, f"Deleted the stack {stack.title}.")
    return redirect("catalog:stacks")


@login_required
def pathway_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    pathway = get_object_or_404(Pathway, pk=pk) if pk else None
    organisation = pathway.organisation if pathway else organisation_for(request, Role.DESIGNER)
    require_role(request.user, organisation, Role.DESIGNER)
    initial = {}
    if pathway is not None:
        initial = {
            "title": pathway.title,
            "description": pathway.description,
            "from_credential": pathway.from_credential_id,
            "from_stack": pathway.from_stack_id,
            "to_credential": pathway.to_credential_id,
            "to_stack": pathway.to_stack_id,
            "external_award": pathway.external_award,
            "external_institution": pathway.external_institution,
            "external_url": pathway.external_url,
            "credit_granted": pathway.credit_granted,
        }
    form = PathwayForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            save_pathway(request.user, organisation, form.to_input(), pathway)  # type: ignore[arg-type]
        except Problem as problem:
            show_problem(request, problem, form)
        else:
            messages.success(request, "Pathway saved.")
            return redirect("catalog:stacks")
    return render(request, "catalog/pathway_form.html", {"form": form, "pathway": pathway})


@login_required
@require_POST
def pathway_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_object_or_404(Pathway, pk=pk)
    delete_pathway(request.user, pathway)  # type: ignore[arg-type]
    messages.success(request, f"Deleted the pathway {pathway.title}.")
    return redirect("catalog:stacks")


def _threshold(request: HttpRequest) -> float:
    try:
        value = float(request.GET.get("threshold", "0.6"))
    except ValueError:
        return 0.6
    return value if 0 < value <= 1 else 0.6


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    """Orphans, dead ends, cycles, overlaps and the constellation map, for designers and QA."""
    organisation = organisation_for(request, *CATALOGUE_STAFF)
    found = analyse_pathways(organisation, threshold=_threshold(request))
    drawing = render_constellation(found)
    nodes = found.credentials
    shown = 200
    return render(
        request,
        "catalog/analysis.html",
        {
            "organisation": organisation,
            "found": found,
            "map": drawing,
            "orphans": [nodes[i] for i in found.orphans[:shown]],
            "dead_ends": [nodes[i] for i in found.dead_ends[:shown]],
            "cycles": [[nodes[i] for i in cycle] for cycle in found.cycles],
            "overlaps": [(nodes[o.first], nodes[o.second], o) for o in found.overlaps[:shown]],
            "shown": shown,
            "columns": [
                (heading, [nodes[i] for i in ids[: drawing.drawn]])
                for heading, ids in drawing.columns
            ],
            "stack_titles": {s.id: s.title for s in found.stacks.values()},
        },
    )


@login_required
def analysis_map(request: HttpRequest) -> HttpResponse:
    """The constellation map alone, as an SVG document (to download or embed)."""
    organisation = organisation_for(request, *CATALOGUE_STAFF)
    drawing = render_constellation(analyse_pathways(organisation, threshold=_threshold(request)))
    return HttpResponse(drawing.svg, content_type="image/svg+xml; charset=utf-8")
