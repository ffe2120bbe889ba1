"""Assessor pages: the queue, the judging page (with moderation), invitations, triggers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.catalog.models import MicroCredential
from credstack.problems import Problem

from ..forms import criteria_input
from ..models import (
    AssessorInvitation,
    Decision,
    Judgement,
    Moderation,
    ReflectiveStatement,
    Submission,
    SubmissionStatus,
)
from ..services import (
    QueueFilters,
    assessor_queue,
    invite_assessor,
    is_assessor_anywhere,
    issuance_triggers,
    judge,
    may_assess,
    may_manage_invitations,
    may_oversee,
    moderate,
    queue_credentials,
    revoke_invitation,
    trigger_organisations,
)

PAGE_SIZE = 50


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    credentials = list(
        queue_credentials(request.user)
        .filter(status__in=["published", "retired"])
        .only("id", "title", "version")
        .order_by("title", "-version")
    )
    if not is_assessor_anywhere(request.user):
        raise PermissionDenied("The assessment queue is for assessors.")
    late = request.GET.get("late", "")
    filters = QueueFilters(
        credential_id=_int_or_none(request.GET.get("credential")),
        status=request.GET.get("status") or "awaiting",
        late={"yes": True, "no": False}.get(late),
        attempt=_int_or_none(request.GET.get("attempt")),
    )
    page = Paginator(assessor_queue(request.user, filters), PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    return render(
        request,
        "assessment/queue.html",
        {
            "page": page,
            "filters": filters,
            "late": late,
            "credentials": credentials,
            "statuses": SubmissionStatus.choices,
        },
    )


def _review_context(submission: Submission) -> dict[str, object]:
    criteria = list(submission.credential.criteria.prefetch_related("outcomes"))
    portfolio = list(
        submission.portfolio.prefetch_related("criteria").select_related("evidence_file")
    )
    for criterion in criteria:
        criterion.mapped_evidence = [  # type: ignore[attr-defined]
            item for item in portfolio if any(c.pk == criterion.pk for c in item.criteria.all())
        ]
    judgements = list(
        submission.judgements.select_related("assessor").prefetch_related("criteria__criterion")
    )
    latest = judgements[-1] if judgements else None
    moderation = Moderation.objects.filter(judgement=latest).first() if latest else None
    return {
        "submission": submission,
        "criteria": criteria,
        "answers": submission.answers.select_related("task"),
        "files": submission.evidence_files.filter(portfolio_item__isnull=True).select_related(
            "task"
        ),
        "reflection": ReflectiveStatement.objects.filter(submission=submission).first(),
        "portfolio": portfolio,
        "judgements": judgements,
        "latest": latest,
        "moderation": moderation,
        "decisions": Decision.choices,
        "previous": submission.previous,
    }


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related(
            "credential__organisation", "learner", "offering", "previous"
        ),
        pk=pk,
    )
    can_judge = may_assess(request.user, submission.credential)
    if not can_judge and not may_oversee(request.user, submission.credential):
        raise PermissionDenied("You are not an assessor for this credential.")
    error, status = "", 200
    if request.method == "POST":
        if not can_judge:
            raise PermissionDenied("QA managers read judgements; only assessors make them.")
        try:
            criteria = criteria_input(
                request.POST, list(submission.credential.criteria.values_list("pk", flat=True))
            )
            judge(
                request.user,  # type: ignore[arg-type]
                submission,
                criteria,
                request.POST.get("decision", ""),
                request.POST.get("feedback", ""),
            )
        except Problem as e:
            error, status = e.detail, e.status
        else:
            return redirect("assessment:review", pk=submission.pk)
    context = _review_context(submission)
    context.update(
        {"error": error, "posted": request.POST, "user_id": request.user.pk, "can_judge": can_judge}
    )
    return render(request, "assessment/review.html", context, status=status)


@login_required
@require_POST
def moderate_view(request: HttpRequest, judgement_id: int) -> HttpResponse:
    judgement = get_object_or_404(
        Judgement.objects.select_related("submission__credential__organisation"), pk=judgement_id
    )
    submission = judgement.submission
    if not may_assess(request.user, submission.credential):
        raise PermissionDenied("You are not an assessor for this credential.")
    confirm = request.POST.get("outcome") == "confirm"
    try:
        criteria = (
            None
            if confirm
            else criteria_input(
                request.POST, list(submission.credential.criteria.values_list("pk", flat=True))
            )
        )
        moderate(
            request.user,  # type: ignore[arg-type]
            judgement,
            confirm,
            request.POST.get("notes", ""),
            criteria,
            request.POST.get("decision", ""),
        )
    except Problem as e:
        context = _review_context(submission)
        context.update(
            {"moderation_error": e.detail, "posted": request.POST, "user_id": request.user.pk}
        )
        return render(request, "assessment/review.html", context, status=e.status)
    return redirect("assessment:review", pk=submission.pk)


@login_required
def invitations(request: HttpRequest, credential_id: int) -> HttpResponse:
    credential = get_object_or_404(
        MicroCredential.objects.select_related("organisation"), pk=credential_id
    )
    if not may_manage_invitations(request.user, credential):
        raise PermissionDenied(
            "Only assessors and QA managers of this organisation manage invitations."
        )
    error, status = "", 200
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                invitation = get_object_or_404(
                    AssessorInvitation,
                    pk=_int_or_none(request.POST["revoke"]),
                    credential=credential,
                )
                revoke_invitation(request.user, invitation)  # type: ignore[arg-type]
            else:
                invite_assessor(request.user, credential, request.POST.get("email", ""))  # type: ignore[arg-type]
        except Problem as e:
            error, status = e.detail, e.status
        else:
            return redirect("assessment:invitations", credential_id=credential.pk)
    rows = credential.assessor_invitations.select_related("assessor", "invited_by")
    return render(
        request,
        "assessment/invitations.html",
        {"credential": credential, "invitations": rows, "error": error},
        status=status,
    )


@login_required
def triggers(request: HttpRequest) -> HttpResponse:
    if not trigger_organisations(request.user):
        raise PermissionDenied("Issuance triggers are for badge issuers and QA managers.")
    pending_only = request.GET.get("show") != "all"
    page = Paginator(
        issuance_triggers(request.user, pending_only=pending_only),  # type: ignore[arg-type]
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "assessment/triggers.html", {"page": page, "pending_only": pending_only})
