"""The assessor's queue and the issuance-trigger list: filtered, oldest first, bounded queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from credstack.accounts.models import User

from ..models import IssuanceTrigger, Submission, SubmissionStatus
from ..models.submission import AWAITING
from .access import assessable_scope, trigger_organisations


@dataclass(frozen=True)
class QueueFilters:
    credential_id: int | None = None
    # "awaiting" (submitted or held for moderation), "all", or one SubmissionStatus value.
    status: str = "awaiting"
    late: bool | None = None
    # 1: first attempts only; 2: resubmissions only (attempt 2 or later); None: both.
    attempt: int | None = None


def assessor_queue(user: User, filters: QueueFilters) -> QuerySet[Submission]:
    """Submissions ``user`` may assess, oldest first; one query for the page, whatever its size."""
    qs = Submission.objects.filter(assessable_scope(user)).select_related(
        "learner", "credential", "offering"
    )
    if filters.credential_id is not None:
        qs = qs.filter(credential_id=filters.credential_id)
    if filters.status == "awaiting":
        qs = qs.filter(status__in=AWAITING)
    elif filters.status in SubmissionStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.late is not None:
        qs = qs.filter(is_late=filters.late)
    if filters.attempt == 1:
        qs = qs.filter(attempt=1)
    elif filters.attempt is not None:
        qs = qs.filter(attempt__gte=2)
    return qs.order_by("submitted_at", "id")


def issuance_triggers(user: User, *, pending_only: bool = True) -> QuerySet[IssuanceTrigger]:
    """Issuance triggers of the organisations where ``user`` is a badge issuer or QA manager."""
    orgs = trigger_organisations(user)
    qs = IssuanceTrigger.objects.filter(credential__organisation_id__in=orgs).select_related(
        "credential", "learner", "submission"
    )
    if pending_only:
        qs = qs.filter(status=IssuanceTrigger.Status.PENDING)
    return qs.order_by("created_at", "id")
