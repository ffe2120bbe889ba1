"""Be aware, choose, commit: comparing credentials, the commitment page, withdraw and defer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from credstack.catalog.models import Offering
from credstack.problems import Problem

from ..errors import AlreadyEnrolled
from ..forms import CommitForm, DeferForm, ReasonForm
from ..models import Enrolment
from ..services import (
    commitment_for,
    current_terms,
    defer,
    deferral_targets,
    enrol,
    note_aware,
    note_chose,
    require_enrolment_access,
    waitlist_position,
    withdraw,
)
from ..services.catalog_reads import leads_to, published_credentials
from ..services.dashboard import cohort
from . import tell

COMPARE_MAX = 3


def compare(request: HttpRequest) -> HttpResponse:
    """Up to three published credentials side by side (``?ids=1,2,3``)."""
    raw = ",".join(request.GET.getlist("ids"))
    error = ""
    ids: list[int] = []
    for part in [p for p in raw.replace(" ", ",").split(",") if p]:
        if not part.isdigit() or len(part) > 12:
            error = f"“{part[:20]}” is not a credential number."
            break
        if int(part) not in ids:
            ids.append(int(part))
    if not error and len(ids) > COMPARE_MAX:
        error = (
            f"You can compare up to {COMPARE_MAX} credentials at a time; remove one to add another."
        )
        ids = []
    credentials = published_credentials(ids) if not error else []
    if not error and len(credentials) < len(ids):
        error = "Some of those credentials are not published, so they are not shown."
    today = timezone.localdate()
    columns = []
    for c in credentials:
        note_aware(request.user, c)  # type: ignore[arg-type]
        upcoming = [
            o for o in c.offerings.all() if o.is_open and (o.enrol_by or o.starts_on) >= today
        ]
        columns.append(
            {
                "credential": c,
                "offering": upcoming[0] if upcoming else None,
                "skills": [a.item.title for a in c.alignments.all()],
                "leads_to": leads_to(c),
            }
        )
    status = 400 if error and not columns else 200
    return render(
        request,
        "learning/compare.html",
        {"columns": columns, "error": error, "max": COMPARE_MAX},
        status=status,
    )


def enrol_start(request: HttpRequest, offering_id: int) -> HttpResponse:
    """The commitment page: everything the learner commits to, then acceptance → confirmation."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offering = get_object_or_404(
        Offering.objects.select_related("credential__organisation", "facilitator"), pk=offering_id
    )
    terms = current_terms(offering.credential.organisation_id)
    form = CommitForm(request.POST or None, initial={"terms_version": terms.pk if terms else None})
    existing: Enrolment | None = None
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = enrol(
                request.user,  # type: ignore[arg-type]
                offering,
                accepted=form.cleaned_data["accept"],
                terms_version_id=form.cleaned_data["terms_version"],
            )
        except AlreadyEnrolled as e:
            tell(request, e)
            existing = Enrolment.objects.filter(pk=e.enrolment_id).first()
        except Problem as e:
            tell(request, e)
            if e.code == "COMMITMENT_NOT_ACCEPTED":
                form.add_error("accept", e.detail)
        else:
            return redirect("learning:welcome", enrolment.pk)
    elif request.method == "GET":
        note_chose(request.user, offering.credential)  # type: ignore[arg-type]
    commitment = commitment_for(offering, terms)
    status = 409 if existing else (400 if request.method == "POST" else 200)
    return render(
        request,
        "learning/commit.html",
        {
            "offering": offering,
            "commitment": commitment,
            "terms": terms,
            "form": form,
            "existing": existing,
        },
        status=status,
    )


@login_required
def welcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Pre-commence: confirmation, the cohort, the facilitator and what happens next."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related(
            "offering__credential__organisation", "offering__facilitator", "accepted_terms"
        ),
        pk=pk,
    )
    require_enrolment_access(request.user, enrolment)
    return render(
        request,
        "learning/welcome.html",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "peers": cohort(enrolment),
            "position": waitlist_position(enrolment),
        },
    )


@login_required
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("offering__credential"), pk=pk)
    require_enrolment_access(request.user, enrolment)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(enrolment, actor=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except Problem as e:
            tell(request, e)
        else:
            return redirect(_after_change(request, enrolment))
    return render(
        request,
        "learning/withdraw.html",
        {"enrolment": enrolment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def defer_view(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("offering__credential"), pk=pk)
    require_enrolment_access(request.user, enrolment)
    targets = deferral_targets(enrolment, today=timezone.localdate())
    form = DeferForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = next(o for o in targets if o.pk == form.cleaned_data["to_offering"])
        try:
            moved = defer(
                enrolment,
                target,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except Problem as e:
            tell(request, e)
        else:
            if request.user.pk == enrolment.learner_id:
                return redirect("learning:welcome", moved.pk)
            return redirect(_after_change(request, enrolment))
    return render(
        request,
        "learning/defer.html",
        {"enrolment": enrolment, "form": form, "targets": targets},
        status=400 if request.method == "POST" else 200,
    )


def _after_change(request: HttpRequest, enrolment: Enrolment) -> str:
    if request.user.pk == enrolment.learner_id:
        return reverse("learning:dashboard")
    return reverse("learning:queue")


__all__ = ["compare", "defer_view", "enrol_start", "welcome", "withdraw_view"]
