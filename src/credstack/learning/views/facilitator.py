"""The facilitator's pages: the support queue, an alert with its interventions, help, rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from credstack.catalog.models import Offering
from credstack.problems import Problem

from ..forms import InterventionForm, ReplyForm, RuleForm
from ..models import Alert, HelpRequest
from ..services import (
    acknowledge_alert,
    answer_help,
    configure_rules,
    facilitator_queue,
    is_facilitator,
    record_intervention,
    resolve_alert,
    rules_for,
)
from ..services.access import require_facilitator
from . import tell

PAGE_SIZE = 25


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not is_facilitator(request.user):
        raise PermissionDenied("The support queue is for facilitators.")
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    q = facilitator_queue(request.user, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    paginator = Paginator(range(q.alerts_total), PAGE_SIZE)
    page = paginator.get_page(number)
    return render(request, "learning/queue.html", {"q": q, "page": page})


def _alert(request: HttpRequest, pk: int) -> Alert:
    alert = get_object_or_404(
        Alert.objects.select_related(
            "rule",
            "enrolment__learner",
            "enrolment__offering__credential__organisation",
            "acknowledged_by",
            "resolved_by",
        ),
        pk=pk,
    )
    require_facilitator(request.user, alert.enrolment.offering)
    return alert


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk)
    form = InterventionForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("do", "intervene")
        try:
            if action == "acknowledge":
                acknowledge_alert(alert, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, "You have taken this alert on.")
                return redirect("learning:alert_detail", pk)
            if action == "resolve":
                resolve_alert(alert, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, "Alert resolved.")
                return redirect("learning:queue")
            if form.is_valid():
                record_intervention(
                    alert,
                    actor=request.user,  # type: ignore[arg-type]
                    action=form.cleaned_data["action"],
                    outcome=form.cleaned_data["outcome"],
                    notes=form.cleaned_data["notes"],
                    resolve=form.cleaned_data["resolve"],
                )
                messages.success(request, "Intervention recorded.")
                return redirect("learning:alert_detail", pk)
        except Problem as e:
            tell(request, e)
    return render(
        request,
        "learning/alert.html",
        {
            "alert": alert,
            "interventions": alert.interventions.select_related("facilitator"),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def help_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(
        HelpRequest.objects.select_related(
            "activity", "enrolment__learner", "enrolment__offering__credential", "answered_by"
        ),
        pk=pk,
    )
    require_facilitator(request.user, help_request.enrolment.offering)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_help(help_request, actor=request.user, reply=form.cleaned_data["reply"])  # type: ignore[arg-type]
        except Problem as e:
            tell(request, e)
        else:
            messages.success(request, "Reply sent to the learner.")
            return redirect("learning:queue")
    return render(
        request,
        "learning/help.html",
        {"help": help_request, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def rules(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("credential__organisation"), pk=pk)
    require_facilitator(request.user, offering)
    forms = [RuleForm(request.POST or None, rule=r) for r in rules_for(offering.pk)]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            configure_rules(
                offering,
                actor=request.user,  # type: ignore[arg-type]
                settings={
                    f.rule.kind: (f.cleaned_data["enabled"], f.cleaned_data["threshold"])
                    for f in forms
                },
            )
        except Problem as e:
            tell(request, e)
        else:
            messages.success(request, "Engagement rules saved.")
            return redirect("learning:rules", pk)
    return render(
        request,
        "learning/rules.html",
        {"offering": offering, "forms": forms},
        status=400 if request.method == "POST" else 200,
    )
