"""Handing in an assessment: course submissions, resubmissions, and RPL portfolios.

Every entry point checks all the input first (required tasks, links, each file's size and real
type, the submission's total size), then stores the files and writes the rows in one
transaction. If anything fails after files were stored, they are deleted again: a refused or
rolled-back submission leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.models import User
from credstack.accounts.outbox import queue_email
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential
from credstack.learning.models import Enrolment, EnrolmentStatus
from credstack.learning.services import mark_submitted
from credstack.problems import Conflict, InvalidInput

from ..evidence import CheckedFile, check_total, check_upload, discard, store
from ..models import (
    Answer,
    AssessmentTask,
    EvidenceFile,
    OfferingPolicy,
    PortfolioItem,
    ReflectiveStatement,
    Submission,
    SubmissionKind,
    SubmissionStatus,
    TaskKind,
)

MAX_TEXT = 20_000
_url = URLValidator(schemes=["http", "https"])


@dataclass
class SubmissionInput:
    """What the learner typed and attached, keyed by task id."""

    answers: dict[int, str] = field(default_factory=dict)
    files: dict[int, list[UploadedFile]] = field(default_factory=dict)
    reflection: str = ""


@dataclass
class PortfolioInput:
    """One RPL portfolio item as entered."""

    description: str
    criterion_ids: list[int]
    link: str = ""
    file: UploadedFile | None = None


def _check_link(value: str, where: str) -> str:
    value = value.strip()
    try:
        _url(value)
    except ValidationError as e:
        raise InvalidInput(
            f"{where}: “{value[:80]}” is not a web address starting with http:// or https://.",
            code="LINK_INVALID",
        ) from e
    return value


def _check_text(value: str, where: str) -> str:
    if len(value) > MAX_TEXT:
        raise InvalidInput(
            f"{where} is {len(value)} characters; the limit is {MAX_TEXT}.", code="TEXT_TOO_LONG"
        )
    return value.strip()


def _next_attempt(learner: User, credential: MicroCredential, kind: str) -> Submission | None:
    """Return the attempt this one follows, or None for a first attempt; refuse otherwise."""
    latest = (
        Submission.objects.select_for_update()
        .filter(learner=learner, credential=credential, kind=kind)
        .order_by("-attempt")
        .first()
    )
    if latest is None or latest.status in (
        SubmissionStatus.WITHDRAWN,
        SubmissionStatus.RESUBMISSION_REQUESTED,
    ):
        return latest
    raise Conflict(
        f"You have already submitted this assessment (receipt {latest.receipt_number}, "
        f"{latest.get_status_display().lower()}).",
        code="ALREADY_SUBMITTED",
    )


def _due_at(enrolment: Enrolment) -> dt.datetime:
    """The end of the offering's last day, in the platform's time zone."""
    end = dt.datetime.combine(enrolment.offering.ends_on, dt.time.max)
    return timezone.make_aware(end)


def _create(
    learner: User,
    credential: MicroCredential,
    kind: str,
    previous: Submission | None,
    checked: list[CheckedFile],
    write_rows: Callable[[Submission, dict[int, str]], None],
    *,
    enrolment: Enrolment | None = None,
    due_at: dt.datetime | None = None,
    is_late: bool = False,
) -> Submission:
    """Store the files, write the submission and its rows, give it a receipt and acknowledge it."""
    check_total(checked)
    stored: dict[int, str] = {}
    try:
        for c in checked:
            stored[id(c)] = store(c)
        with transaction.atomic():
            now = timezone.now()
            submission = Submission.objects.create(
                learner=learner,
                credential=credential,
                enrolment=enrolment,
                offering=enrolment.offering if enrolment else None,
                kind=kind,
                attempt=previous.attempt + 1 if previous else 1,
                previous=previous,
                submitted_at=now,
                due_at=due_at,
                is_late=is_late,
                total_bytes=sum(c.size for c in checked),
            )
            submission.receipt_number = f"CS-{now.year}-{submission.pk:06d}"
            submission.save(update_fields=["receipt_number"])
            write_rows(submission, stored)
            if enrolment is not None:
                mark_submitted(enrolment)
            queue_email(
                learner.email,
                f"We have received your assessment (receipt {submission.receipt_number})",
                "assessment/email/acknowledgement",
                {"submission": submission, "learner": learner, "credential": credential},
                category="assessment.acknowledgement",
                dedupe_key=f"assessment:{submission.pk}:acknowledged",
            )
    except IntegrityError as e:
        discard(list(stored.values()))
        raise Conflict(
            "This assessment was submitted twice at the same moment; the first one counts.",
            code="ALREADY_SUBMITTED",
        ) from e
    except BaseException:
        discard(list(stored.values()))
        raise
    return submission


def _file_row(
    submission: Submission, c: CheckedFile, stored: str, task: AssessmentTask | None
) -> EvidenceFile:
    return EvidenceFile.objects.create(
        submission=submission,
        task=task,
        storage_name=stored,
        original_name=c.original_name,
        content_type=c.kind.content_type,
        size=c.size,
        sha256=c.sha256,
    )


def submit_assessment(learner: User, enrolment: Enrolment, data: SubmissionInput) -> Submission:
    """Hand in the assessment for ``enrolment`` (a first attempt, or a requested resubmission).

    Late work (after the offering's end date) is accepted and flagged, unless the offering's
    :class:`OfferingPolicy` refuses it. A resubmission the assessor asked for is never late.
    """
    if enrolment.learner_id != learner.pk:
        raise PermissionDenied("This enrolment is not yours.")
    if enrolment.status not in (EnrolmentStatus.COMMENCED, EnrolmentStatus.SUBMITTED):
        raise Conflict(
            f"Your enrolment is {enrolment.get_status_display().lower()}; the assessment opens "
            "once you have commenced the course.",
            code="ENROLMENT_NOT_COMMENCED",
        )
    credential = enrolment.credential
    tasks = list(credential.assessment_tasks.all())
    if not tasks:
        raise Conflict("This credential has no assessment tasks yet.", code="NO_ASSESSMENT_TASKS")
    known = {t.pk for t in tasks}
    stray = (set(data.answers) | set(data.files)) - known
    if stray:
        raise InvalidInput(f"Unknown task {sorted(stray)[0]}.", code="UNKNOWN_TASK")

    answers: dict[int, str] = {}
    checked: list[tuple[AssessmentTask, CheckedFile]] = []
    reflection = _check_text(data.reflection, "The reflective statement")
    for task in tasks:
        where = f"Task {task.position or task.pk}"
        if task.kind == TaskKind.FILE:
            files = [check_upload(f) for f in data.files.get(task.pk, [])]
            if task.required and not files:
                raise InvalidInput(f"{where} needs at least one file.", code="TASK_UNANSWERED")
            checked.extend((task, f) for f in files)
        elif task.kind == TaskKind.REFLECTION:
            if task.required and not reflection:
                raise InvalidInput("Write your reflective statement.", code="TASK_UNANSWERED")
        else:
            value = _check_text(data.answers.get(task.pk, ""), where)
            if value and task.kind == TaskKind.LINK:
                value = _check_link(value, where)
            if task.required and not value:
                raise InvalidInput(f"{where} needs an answer.", code="TASK_UNANSWERED")
            if value:
                answers[task.pk] = value

    with transaction.atomic():
        locked = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("offering")
            .get(pk=enrolment.pk)
        )
        previous = _next_attempt(learner, credential, SubmissionKind.NORMAL)
        due = _due_at(locked)
        late = previous is None and timezone.now() > due
        if (
            late
            and OfferingPolicy.objects.filter(
                offering_id=locked.offering_id, refuse_late_submissions=True
            ).exists()
        ):
            raise Conflict(
                f"The assessment closed on {locked.offering.ends_on:%d %B %Y} and this offering "
                "does not accept late submissions. Contact your facilitator.",
                code="SUBMISSION_LATE_REFUSED",
            )

        by_task = {t.pk: t for t in tasks}

        def write_rows(submission: Submission, stored: dict[int, str]) -> None:
            for task_id, value in answers.items():
                is_link = by_task[task_id].kind == TaskKind.LINK
                Answer.objects.create(
                    submission=submission,
                    task_id=task_id,
                    text="" if is_link else value,
                    url=value if is_link else "",
                )
            for task, c in checked:
                _file_row(submission, c, stored[id(c)], task)
            if reflection:
                ReflectiveStatement.objects.create(submission=submission, text=reflection)

        return _create(
            learner,
            credential,
            SubmissionKind.NORMAL,
            previous,
            [c for _, c in checked],
            write_rows,
            enrolment=locked,
            due_at=due,
            is_late=late,
        )


def unmapped_criteria(
    criteria: list[AssessmentCriterion], items: list[PortfolioInput]
) -> list[AssessmentCriterion]:
    """The criteria no portfolio item claims to demonstrate."""
    mapped = {cid for item in items for cid in item.criterion_ids}
    return [c for c in criteria if c.pk not in mapped]


def apply_for_rpl(
    applicant: User, credential: MicroCredential, items: list[PortfolioInput], reflection: str
) -> Submission:
    """Apply for recognition of prior learning: a portfolio mapped to every criterion.

    The experience-earner model (micro-credentials guide, "They can be earned in different
    ways"): no enrolment, the same criteria, assessors and outcomes.
    """
    if credential.status != Lifecycle.PUBLISHED:
        raise Conflict(
            "This credential is not open for applications.", code="CREDENTIAL_NOT_PUBLISHED"
        )
    criteria = list(credential.criteria.all())
    if not criteria:
        raise Conflict("This credential has no assessment criteria yet.", code="NO_CRITERIA")
    if not items:
        raise InvalidInput("Add at least one piece of evidence.", code="PORTFOLIO_EMPTY")
    known = {c.pk for c in criteria}
    checked: list[tuple[int, PortfolioInput, CheckedFile | None]] = []
    for n, item in enumerate(items, start=1):
        description = _check_text(item.description, f"Evidence {n}")
        if not description:
            raise InvalidInput(
                f"Evidence {n} needs a description.", code="PORTFOLIO_ITEM_INCOMPLETE"
            )
        if set(item.criterion_ids) - known:
            raise InvalidInput(
                f"Evidence {n} names an unknown criterion.", code="UNKNOWN_CRITERION"
            )
        if not item.criterion_ids:
            raise InvalidInput(
                f"Evidence {n}: choose the criteria it demonstrates.",
                code="PORTFOLIO_ITEM_UNMAPPED",
            )
        link = _check_link(item.link, f"Evidence {n}") if item.link.strip() else ""
        file = check_upload(item.file) if item.file is not None else None
        if file is None and not link:
            raise InvalidInput(
                f"Evidence {n} needs a file or a link.", code="PORTFOLIO_ITEM_INCOMPLETE"
            )
        item.description, item.link = description, link
        checked.append((n, item, file))
    missing = unmapped_criteria(criteria, items)
    if missing:
        listed = "; ".join(f"“{c.text[:80]}”" for c in missing)
        raise InvalidInput(
            f"No evidence is mapped to these criteria yet: {listed}.",
            code="CRITERIA_UNMAPPED",
            errors=[{"criterion": c.pk, "text": c.text} for c in missing],
        )
    reflection = _check_text(reflection, "The reflective statement")

    def write_rows(submission: Submission, stored: dict[int, str]) -> None:
        for n, item, file in checked:
            evidence = _file_row(submission, file, stored[id(file)], None) if file else None
            row = PortfolioItem.objects.create(
                submission=submission,
                position=n,
                description=item.description,
                evidence_file=evidence,
                link=item.link,
            )
            row.criteria.set(item.criterion_ids)
        if reflection:
            ReflectiveStatement.objects.create(submission=submission, text=reflection)

    with transaction.atomic():
        previous = _next_attempt(applicant, credential, SubmissionKind.RPL)
        files = [f for _, _, f in checked if f is not None]
        return _create(applicant, credential, SubmissionKind.RPL, previous, files, write_rows)


@transaction.atomic
def withdraw_submission(learner: User, submission: Submission) -> Submission:
    """The learner takes back a submission no assessor has judged yet (kept, marked withdrawn).

    A withdrawn attempt frees the learner to hand in a new one (the next attempt number).
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.learner_id != learner.pk:
        raise PermissionDenied("Only the learner who submitted can withdraw a submission.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Conflict(
            f"This submission is {submission.get_status_display().lower()} and can no longer be "
            "withdrawn.",
            code="CANNOT_WITHDRAW",
        )
    submission.status = SubmissionStatus.WITHDRAWN
    submission.save(update_fields=["status"])
    return submission
