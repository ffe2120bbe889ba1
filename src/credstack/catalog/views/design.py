"""The design workspace: the credential editor, the staff view with history, and the review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.accounts.models import Role
from credstack.accounts.permissions import has_role
from credstack.problems import Problem

from ..forms import (
    CancelOfferingForm,
    CredentialForm,
    CriterionFormSet,
    OfferingEditForm,
    OfferingForm,
    OutcomeFormSet,
    TransitionForm,
    credential_input,
    initial_for,
)
from ..models import Lifecycle, MicroCredential, Offering
from ..services import (
    active_checklist,
    alignment_matrix,
    cancel_offering,
    create_credential,
    save_offering,
    transition,
    update_credential,
)
from ..services.access import CATALOGUE_STAFF
from ._staff import organisation_for, reverse_or_none, show_problem, staff_credential


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The organisation's products in every state, for designers and QA/release managers."""
    organisation = organisation_for(request, *CATALOGUE_STAFF)
    status = request.GET.get("status", "")
    credentials = MicroCredential.objects.filter(organisation=organisation).select_related("level")
    if status in Lifecycle.values:
        credentials = credentials.filter(status=status)
    return render(
        request,
        "catalog/workspace.html",
        {
            "organisation": organisation,
            "credentials": credentials.order_by("code", "-version")[:500],
            "status": status,
            "statuses": Lifecycle.choices,
            "is_designer": has_role(request.user, organisation, Role.DESIGNER),
        },
    )


def _editor(request: HttpRequest, credential: MicroCredential | None) -> HttpResponse:
    organisation = (
        credential.organisation if credential else organisation_for(request, Role.DESIGNER)
    )
    if request.method == "POST":
        form = CredentialForm(request.POST, organisation=organisation, editing=credential)
        outcomes = OutcomeFormSet(request.POST, prefix="outcomes")
        criteria = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and outcomes.is_valid() and criteria.is_valid():
            data = credential_input(form, outcomes, criteria)
            try:
                if credential is None:
                    saved = create_credential(request.user, organisation, data)  # type: ignore[arg-type]
                else:
                    saved = update_credential(request.user, credential, data)  # type: ignore[arg-type]
            except Problem as problem:
                show_problem(request, problem, form)
            else:
                messages.success(request, f"Saved {saved.code} version {saved.version}.")
                return redirect("catalog:manage", pk=saved.pk)
    elif credential is not None:
        initial, outcome_rows, criterion_rows = initial_for(credential)
        form = CredentialForm(initial=initial, organisation=organisation, editing=credential)
        outcomes = OutcomeFormSet(initial=outcome_rows, prefix="outcomes")
        criteria = CriterionFormSet(initial=criterion_rows, prefix="criteria")
    else:
        form = CredentialForm(organisation=organisation)
        outcomes = OutcomeFormSet(prefix="outcomes")
        criteria = CriterionFormSet(prefix="criteria")
    return render(
        request,
        "catalog/editor.html",
        {"form": form, "outcomes": outcomes, "criteria": criteria, "credential": credential},
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor(request, staff_credential(request, pk, Role.DESIGNER))


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """One product as staff see it: every attribute, alignment, history and the next steps."""
    credential = staff_credential(request, pk, *CATALOGUE_STAFF)
    org = credential.organisation_id
    return render(
        request,
        "catalog/manage.html",
        {
            "credential": credential,
            "matrix": alignment_matrix(credential),
            "events": credential.lifecycle_events.select_related("actor"),
            "offerings": Offering.objects.filter(credential=credential).select_related(
                "facilitator"
            ),
            "alignments": credential.alignments.select_related("item__framework", "proficiency"),
            "versions": MicroCredential.objects.filter(lineage=credential.lineage).order_by(
                "version"
            ),
            "is_designer": has_role(request.user, org, Role.DESIGNER),
            "is_qa": has_role(request.user, org, Role.QA_MANAGER),
            "is_author": credential.author_id == request.user.pk,
            "form": TransitionForm(),
            "align_url": reverse_or_none(
                "skills:credential_alignments", credential_id=credential.pk
            ),
        },
    )


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, withdraw, publish or retire (approval goes through the review page)."""
    credential = staff_credential(request, pk, *CATALOGUE_STAFF)
    action = request.POST.get("action", "")
    form = TransitionForm(request.POST)
    if action == "approve" or not form.is_valid():
        messages.error(request, "Approve from the review page, with the checklist.")
        return redirect("catalog:manage", pk=pk)
    try:
        moved = transition(request.user, credential, action, comment=form.cleaned_data["comment"])  # type: ignore[arg-type]
    except Problem as problem:
        show_problem(request, problem)
    else:
        messages.success(
            request, f"{moved.code} v{moved.version} is now {moved.get_status_display().lower()}."
        )
    return redirect("catalog:manage", pk=pk)


def _answers(request: HttpRequest, checks: list[Any]) -> dict[str, dict[str, str]]:
    answers = {}
    for check in checks:
        answer = request.POST.get(f"check-{check.pk}-answer")
        if answer is not None:
            answers[str(check.pk)] = {
                "answer": answer,
                "note": request.POST.get(f"check-{check.pk}-note", ""),
            }
    return answers


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The QA review: constructive-alignment matrix, the checklist, approve or request changes."""
    credential = staff_credential(request, pk, *CATALOGUE_STAFF)
    checks = active_checklist(credential.organisation_id)
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action not in ("approve", "request_changes"):
                raise Problem("Choose approve or request changes.", code="UNKNOWN_TRANSITION")
            transition(
                request.user,  # type: ignore[arg-type]
                credential,
                action,
                comment=form.cleaned_data["comment"],
                checklist=_answers(request, checks),
                waiver=form.cleaned_data["waiver"],
            )
        except Problem as problem:
            show_problem(request, problem, form)
        else:
            messages.success(request, "Review recorded.")
            return redirect("catalog:manage", pk=pk)
    return render(
        request,
        "catalog/review.html",
        {
            "credential": credential,
            "matrix": alignment_matrix(credential),
            "rows": [
                (
                    c,
                    request.POST.get(f"check-{c.pk}-answer", ""),
                    request.POST.get(f"check-{c.pk}-note", ""),
                )
                for c in checks
            ],
            "form": form,
            "is_qa": has_role(request.user, credential.organisation_id, Role.QA_MANAGER),
            "is_author": credential.author_id == request.user.pk,
            "events": credential.lifecycle_events.select_related("actor"),
        },
    )


@login_required
def offering_create(request: HttpRequest, pk: int) -> HttpResponse:
    credential = staff_credential(request, pk, Role.DESIGNER)
    form = OfferingForm(request.POST or None, initial={"delivery_mode": credential.delivery_mode})
    if request.method == "POST" and form.is_valid():
        try:
            save_offering(request.user, credential, form.to_input())  # type: ignore[arg-type]
        except Problem as problem:
            show_problem(request, problem, form)
        else:
            messages.success(request, "Offering scheduled.")
            return redirect("catalog:manage", pk=pk)
    return render(request, "catalog/offering_form.html", {"form": form, "credential": credential})


def _staff_offering(request: HttpRequest, pk: int, offering_id: int) -> Offering:
    credential = staff_credential(request, pk, Role.DESIGNER)
    return get_object_or_404(
        Offering.objects.select_related("credential__organisation", "facilitator"),
        pk=offering_id,
        credential=credential,
    )


@login_required
def offering_edit(request: HttpRequest, pk: int, offering_id: int) -> HttpResponse:
    offering = _staff_offering(request, pk, offering_id)
    credential = offering.credential
    if offering.is_cancelled:
        messages.error(request, f"{offering.title} was cancelled; it can no longer be changed.")
        return redirect("catalog:manage", pk=pk)
    initial = {name: getattr(offering, name) for name in OfferingEditForm.base_fields}
    form = OfferingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        # The page does not choose the facilitator; keep the one the offering has.
        data.facilitator_id = offering.facilitator_id
        try:
            save_offering(request.user, credential, data, offering)  # type: ignore[arg-type]
        except Problem as problem:
            show_problem(request, problem, form)
        else:
            messages.success(request, "Offering updated.")
            return redirect("catalog:manage", pk=pk)
    return render(
        request,
        "catalog/offering_form.html",
        {"form": form, "credential": credential, "offering": offering},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def offering_cancel(request: HttpRequest, pk: int, offering_id: int) -> HttpResponse:
    offering = _staff_offering(request, pk, offering_id)
    form = CancelOfferingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_offering(request.user, offering, form.cleaned_data["reason"])  # type: ignore[arg-type]
        except Problem as problem:
            show_problem(request, problem, form)
        else:
            messages.success(request, f"{offering.title} is cancelled; its learners are told.")
            return redirect("catalog:manage", pk=pk)
    return render(
        request,
        "catalog/offering_cancel.html",
        {"form": form, "credential": offering.credential, "offering": offering},
        status=400 if request.method == "POST" else 200,
    )
