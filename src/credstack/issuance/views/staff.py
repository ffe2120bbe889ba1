"""Staff pages: awards, the approval queue, manual awards, release rules, the issuer's keys.

Each view parses input, calls one service, renders; a service's ``Problem`` becomes a message
on the form, and a refusal (PermissionDenied) the 403 page.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from credstack.catalog.models import MicroCredential
from credstack.problems import Problem

from ..forms import DecisionForm, ManualAwardForm, ReasonForm
from ..models import AwardSource, AwardStatus
from ..services import (
    AwardFilters,
    AwardRequest,
    RecipientInput,
    approval_queue,
    approve_awards,
    award_by_person,
    award_for,
    awards_for,
    reject_awards,
    revoke_award,
    suspend_award,
    unsuspend_award,
)
from ..services.access import REQUEST_ROLES, VIEW_ROLES, organisations_for
from ..services.awards import EXPIRED

PAGE_SIZE = 50
STATUS_ACTIONS = {"revoke": revoke_award, "suspend": suspend_award, "unsuspend": unsuspend_award}


def _require_any(request: HttpRequest, roles: tuple[str, ...], what: str) -> None:
    if not organisations_for(request.user, roles):  # type: ignore[arg-type]
        raise PermissionDenied(what)


@login_required
def awards(request: HttpRequest) -> HttpResponse:
    _require_any(
        request, VIEW_ROLES, "The award list is for badge issuers and QA/release managers."
    )
    filters = AwardFilters(
        email=request.GET.get("email", "")[:254],
        status=request.GET.get("status", "")[:20],
        credential=request.GET.get("credential", "")[:40],
    )
    try:
        qs = awards_for(request.user, filters)  # type: ignore[arg-type]
    except Problem as e:
        messages.error(request, e.detail)
        qs = awards_for(request.user)  # type: ignore[arg-type]
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = [*AwardStatus.choices, (EXPIRED, "Expired")]
    return render(
        request, "issuance/awards.html", {"page": page, "filters": filters, "statuses": statuses}
    )


@login_required
def award(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    try:
        found = award_for(request.user, credential_uuid)  # type: ignore[arg-type]
    except Problem as e:
        raise Http404(e.detail) from e
    return render(request, "issuance/award.html", {"award": found, "form": ReasonForm()})


@login_required
@require_POST
def award_action(request: HttpRequest, credential_uuid: UUID, action: str) -> HttpResponse:
    service = STATUS_ACTIONS.get(action)
    if service is None:
        raise PermissionDenied("Unknown action.")
    try:
        found = award_for(request.user, credential_uuid)  # type: ignore[arg-type]
    except Problem as e:
        raise Http404(e.detail) from e
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            service(request.user, found, form.cleaned_data["reason"])  # type: ignore[arg-type]
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(
                request, f"The credential was {action}ed.".replace("unsuspended", "reinstated")
            )
            return redirect("issuance:award", credential_uuid=found.credential_uuid)
    return render(request, "issuance/award.html", {"award": found, "form": form}, status=400)


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The approval queue, with bulk approve/reject and a reason."""
    from ..services.access import APPROVE_ROLES

    _require_any(request, APPROVE_ROLES, "The approval queue is for QA/release managers.")
    queue = approval_queue(request.user)  # type: ignore[arg-type]
    ids = list(queue.values_list("pk", flat=True)[:500])
    status = 200
    form = DecisionForm(request.POST or None, award_ids=ids)
    if request.method == "POST" and form.is_valid():
        chosen, reason = form.cleaned_data["award"], form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == "approve":
                done = approve_awards(request.user, chosen, reason)  # type: ignore[arg-type]
            else:
                done = reject_awards(request.user, chosen, reason)  # type: ignore[arg-type]
        except PermissionDenied as e:
            form.add_error(None, str(e))
            status = 403
        except Problem as e:
            form.add_error(None, e.detail)
            status = 400
        else:
            verb = (
                "approved and issued" if form.cleaned_data["decision"] == "approve" else "rejected"
            )
            messages.success(request, f"{len(done)} award(s) {verb}.")
            return redirect("issuance:approvals")
    elif request.method == "POST":
        status = 400
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "issuance/approvals.html", {"page": page, "form": form}, status=status)


@login_required
def manual_award(request: HttpRequest) -> HttpResponse:
    orgs = organisations_for(request.user, REQUEST_ROLES)  # type: ignore[arg-type]
    if not orgs:
        raise PermissionDenied("Manual awards are made by badge issuers.")
    credentials = MicroCredential.objects.filter(
        organisation__in=orgs, status="published"
    ).order_by("title")
    form = ManualAwardForm(
        request.POST or None, credentials=credentials, initial={"event": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made, _created = award_by_person(
                request.user,  # type: ignore[arg-type]
                AwardRequest(
                    credential=data["credential"],
                    source=AwardSource.MANUAL,
                    source_event=f"manual:{data['event']}",
                    recipient=RecipientInput(
                        email=data["recipient_email"],
                        name=data["recipient_name"],
                        did=data["recipient_did"],
                    ),
                    narrative=data["narrative"],
                    evidence_url=data["evidence_url"],
                    evidence_consent=data["evidence_consent"],
                ),
            )
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(request, f"Award {made.get_status_display().lower()}.")
            return redirect("issuance:award", credential_uuid=made.credential_uuid)
    return render(
        request, "issuance/manual_award.html", {"form": form}, status=400 if form.errors else 200
    )
