"""What the assessment pages share: looking up a submission the viewer may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from ..models import Submission
from ..services import may_view_submission


def visible_submission(request: HttpRequest, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("credential__organisation", "learner", "offering"), pk=pk
    )
    if not may_view_submission(request.user, submission):
        raise PermissionDenied("This submission is not yours to see.")
    return submission


def celebrate_url(submission: Submission) -> str:
    """Where a pass leads: learning's celebrate page for the enrolment, when it exists."""
    if submission.enrolment_id is None:
        return ""
    try:
        return reverse("learning:celebrate", args=[submission.enrolment_id])
    except NoReverseMatch:
        return ""
