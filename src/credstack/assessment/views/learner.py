"""Learner pages: submit the assessment, see the receipt and the result, apply for RPL."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.learning.models import Enrolment
from credstack.problems import Problem

from .. import evidence
from ..forms import MAX_PORTFOLIO_ITEMS, portfolio_input, submission_input
from ..models import Result, Submission, SubmissionKind, SubmissionStatus
from ..services import apply_for_rpl, submit_assessment, withdraw_submission
from .common import celebrate_url, visible_submission


def _limits() -> dict[str, int]:
    return {
        "max_file_mb": evidence.max_file_bytes() // evidence.MB,
        "max_submission_mb": evidence.max_submission_bytes() // evidence.MB,
    }


@login_required
def submit(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("offering", "credential"), pk=enrolment_id
    )
    if enrolment.learner_id != request.user.pk:
        raise PermissionDenied("This enrolment is not yours.")
    credential = enrolment.credential
    tasks = list(credential.assessment_tasks.all())
    latest = (
        Submission.objects.filter(
            learner=request.user, credential=credential, kind=SubmissionKind.NORMAL
        )
        .order_by("-attempt")
        .first()
    )
    error, status = "", 200
    if request.method == "POST":
        try:
            data = submission_input(request.POST, request.FILES, tasks)
            submission = submit_assessment(request.user, enrolment, data)  # type: ignore[arg-type]
        except Problem as e:
            error, status = e.detail, e.status
        else:
            return redirect("assessment:receipt", pk=submission.pk)
    return render(
        request,
        "assessment/submit.html",
        {
            "enrolment": enrolment,
            "credential": credential,
            "rows": [{"task": t, "value": request.POST.get(f"task-{t.pk}", "")} for t in tasks],
            "criteria": credential.criteria.all(),
            "latest": latest,
            "resubmitting": latest is not None
            and latest.status == SubmissionStatus.RESUBMISSION_REQUESTED,
            "error": error,
            "posted": request.POST,
            **_limits(),
        },
        status=status,
    )


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    return render(request, "assessment/receipt.html", {"submission": submission})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner's view of one submission: what they handed in and, once released, the result."""
    submission = visible_submission(request, pk)
    result = Result.objects.filter(submission=submission).first()
    judgement = submission.judgements.order_by("-created_at", "-id").first() if result else None
    return render(
        request,
        "assessment/detail.html",
        {
            "submission": submission,
            "result": result,
            "criteria_judged": judgement.criteria.select_related("criterion") if judgement else [],
            "celebrate_url": celebrate_url(submission)
            if result and result.decision == "pass"
            else "",
            "can_resubmit": submission.status == SubmissionStatus.RESUBMISSION_REQUESTED
            and submission.learner_id == request.user.pk,
            "can_withdraw": submission.status == SubmissionStatus.SUBMITTED
            and submission.learner_id == request.user.pk,
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    submissions = (
        Submission.objects.filter(learner_id=request.user.pk)
        .select_related("credential", "result")
        .order_by("-submitted_at")[:200]
    )
    return render(request, "assessment/mine.html", {"submissions": submissions})


@login_required
def rpl(request: HttpRequest, credential_id: int) -> HttpResponse:
    credential = get_object_or_404(
        MicroCredential.objects.select_related("organisation"),
        pk=credential_id,
        status=Lifecycle.PUBLISHED,
    )
    criteria = list(credential.criteria.all())
    error, status, unmapped = "", 200, []
    if request.method == "POST":
        try:
            items = portfolio_input(request.POST, request.FILES)
            submission = apply_for_rpl(
                request.user,  # type: ignore[arg-type]
                credential,
                items,
                request.POST.get("reflection", ""),
            )
        except Problem as e:
            error, status = e.detail, e.status
            unmapped = [row["criterion"] for row in e.errors if "criterion" in row]
        else:
            return redirect("assessment:receipt", pk=submission.pk)
    rows = []
    for n in range(1, max(3, len(criteria)) + 1):
        prefix = f"item-{n}-"
        rows.append(
            {
                "n": n,
                "description": request.POST.get(prefix + "description", ""),
                "link": request.POST.get(prefix + "link", ""),
                "checked": {
                    int(v) for v in request.POST.getlist(prefix + "criteria") if v.isdigit()
                },
            }
        )
    return render(
        request,
        "assessment/rpl.html",
        {
            "credential": credential,
            "criteria": criteria,
            "rows": rows[:MAX_PORTFOLIO_ITEMS],
            "error": error,
            "unmapped": unmapped,
            "reflection": request.POST.get("reflection", ""),
            **_limits(),
        },
        status=status,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    try:
        withdraw_submission(request.user, submission)  # type: ignore[arg-type]
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, f"Submission {submission.receipt_number} is withdrawn.")
    return redirect("assessment:detail", pk=submission.pk)
