"""Commence and focus, complete, celebrate: the learner's dashboard and course pages."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from credstack.problems import Problem

from ..forms import HelpForm, ProgressForm
from ..models import Enrolment, EnrolmentStatus, ProgressStatement
from ..services import (
    ask_for_help,
    assessment_standing,
    celebration,
    course_outline,
    learner_dashboard,
    record_statement,
    require_enrolment_access,
)
from . import tell


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related(
            "offering__credential__organisation", "offering__facilitator", "learner"
        ),
        pk=pk,
    )
    require_enrolment_access(request.user, enrolment)
    return enrolment


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    board = learner_dashboard(request.user)  # type: ignore[arg-type]
    return render(request, "learning/dashboard.html", {"board": board})


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    outline = course_outline(enrolment)
    total = sum(len(m.activities) for m in outline)
    done = sum(1 for m in outline for a in m.activities if a.done)
    return render(
        request,
        "learning/course.html",
        {
            "enrolment": enrolment,
            "assessment": assessment_standing(enrolment),
            "outline": outline,
            "total": total,
            "done": done,
            "percent": round(100 * done / total) if total else 0,
            # A fresh id per render: a double-clicked or resubmitted form replays the same statement.
            "statement_id": uuid.uuid4(),
            "help_form": HelpForm(),
            "is_learner": request.user.pk == enrolment.learner_id,
            "can_record": enrolment.status
            in (EnrolmentStatus.COMMITTED, EnrolmentStatus.COMMENCED, EnrolmentStatus.SUBMITTED),
        },
    )


@login_required
@require_POST
def record_progress(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    if request.user.pk != enrolment.learner_id:
        raise PermissionDenied("Only the learner records their own progress here.")
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "That progress could not be recorded; reload the page and try again."
        )
        return redirect("learning:course", pk)
    try:
        record_statement(
            enrolment,
            statement_id=form.cleaned_data["statement_id"],
            verb=form.cleaned_data["verb"],
            activity_id=form.cleaned_data["activity"],
            timestamp=timezone.now(),
            source=ProgressStatement.Source.LEARNER,
            recorded_by=request.user,  # type: ignore[arg-type]
        )
    except Problem as e:
        # A resubmitted form replays its id with a new timestamp: already recorded, not an error.
        if e.code != "STATEMENT_CONFLICT":
            tell(request, e)
    anchor = f"#activity-{form.cleaned_data['activity']}"
    return redirect(reverse("learning:course", args=[pk]) + anchor)


@login_required
@require_POST
def ask_help(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    if request.user.pk != enrolment.learner_id:
        raise PermissionDenied("Only the learner can ask for help on their course page.")
    form = HelpForm(request.POST)
    if form.is_valid():
        try:
            ask_for_help(
                enrolment,
                learner=request.user,  # type: ignore[arg-type]
                message=form.cleaned_data["message"],
                activity_id=form.cleaned_data.get("activity"),
            )
        except Problem as e:
            tell(request, e)
        else:
            messages.success(
                request, "Your question is with your facilitator; they will reply by email."
            )
            return redirect("learning:course", pk)
    else:
        messages.error(request, "Write your question before sending it.")
    return redirect("learning:course", pk)


@login_required
def celebrate(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        messages.info(request, "This page opens when you complete the credential.")
        return redirect("learning:course", pk)
    return render(
        request,
        "learning/celebrate.html",
        {
            "c": celebration(enrolment, today=timezone.localdate()),
            "enrolment": enrolment,
            "badge_claim_templates": [
                "issuance/badge_claim_panel.html",
                "learning/_badge_claim_pending.html",
            ],
        },
    )
