# No "from __future__ import annotations" here: django-ninja reads the real types of
# Query[...] parameters at import time, and string annotations confuse @paginate.
"""The assessment API, mounted at /api/v1/assessment/.

Learners hand in work as multipart form data (the same field names as the pages: ``task-<id>``,
``reflection``, and for RPL ``item-<n>-…``); assessors list what they may assess and post
judgements and moderations as JSON; badge issuers and QA managers list issuance triggers.
Every error is a problem detail with a stable ``code``.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.api_auth import api_auth
from credstack.accounts.models import User
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.learning.models import Enrolment
from credstack.problems import Forbidden, InvalidInput, NotFound, Problem

from .forms import portfolio_input, submission_input
from .models import IssuanceTrigger, Judgement, ReflectiveStatement, Result, Submission
from .schemas import (
    CriterionJudgementIn,
    IssuanceTriggerOut,
    JudgementIn,
    JudgementOut,
    ModerationIn,
    ModerationOut,
    ResultOut,
    SubmissionDetailOut,
    SubmissionOut,
)
from .services import (
    CriterionInput,
    QueueFilters,
    apply_for_rpl,
    assessor_queue,
    issuance_triggers,
    judge,
    may_view_submission,
    moderate,
    submit_assessment,
    trigger_organisations,
)
from .task_api import router as task_router

router = Router(auth=api_auth, tags=["assessment"])
router.add_router("", task_router)


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _form(request: HttpRequest) -> tuple[QueryDict, MultiValueDict]:
    try:
        return request.POST, request.FILES
    except RequestDataTooBig as e:
        raise Problem("The form fields are too large.", code="PAYLOAD_TOO_LARGE", status=413) from e


def _detail(submission: Submission) -> dict[str, object]:
    reflection = ReflectiveStatement.objects.filter(submission=submission).first()
    result = Result.objects.filter(submission=submission).first()
    return {
        **{f: getattr(submission, f) for f in SubmissionOut.model_fields},
        "answers": [
            {"task_id": a.task_id, "text": a.text, "url": a.url} for a in submission.answers.all()
        ],
        "files": [
            {
                "id": str(f.public_id),
                "task_id": f.task_id,
                "original_name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
            }
            for f in submission.evidence_files.all()
        ],
        "reflection": reflection.text if reflection else "",
        "result": result,
    }


@router.post(
    "/submissions",
    response={201: SubmissionDetailOut},
    summary="Hand in an assessment (multipart: enrolment, task-<id>, reflection)",
)
def create_submission(request: HttpRequest) -> Status:
    post, files = _form(request)
    raw = post.get("enrolment", "")
    if not raw.isdigit():
        raise InvalidInput(
            "Send the enrolment id in the field “enrolment”.", code="ENROLMENT_REQUIRED"
        )
    enrolment = (
        Enrolment.objects.select_related("credential", "offering").filter(pk=int(raw)).first()
    )
    if enrolment is None or enrolment.learner_id != _caller(request).pk:
        raise NotFound(f"You have no enrolment with id {raw}.", code="ENROLMENT_NOT_FOUND")
    data = submission_input(post, files, list(enrolment.credential.assessment_tasks.all()))
    submission = submit_assessment(_caller(request), enrolment, data)
    return Status(201, _detail(submission))


@router.post(
    "/rpl/{credential_id}",
    response={201: SubmissionDetailOut},
    summary="Apply for recognition of prior learning (multipart: item-<n>-description, -file, -link, -criteria)",
)
def create_rpl(request: HttpRequest, credential_id: int) -> Status:
    post, files = _form(request)
    credential = MicroCredential.objects.filter(
        pk=credential_id, status=Lifecycle.PUBLISHED
    ).first()
    if credential is None:
        raise NotFound(
            f"No published credential has id {credential_id}.", code="CREDENTIAL_NOT_FOUND"
        )
    items = portfolio_input(post, files)
    submission = apply_for_rpl(_caller(request), credential, items, post.get("reflection", ""))
    return Status(201, _detail(submission))


class QueueQuery(Schema):
    credential: int | None = None
    status: str = "awaiting"
    late: bool | None = None
    attempt: int | None = None


@router.get(
    "/submissions",
    response=list[SubmissionOut],
    summary="Submissions I may assess, oldest first (assessors and invited industry assessors)",
)
@paginate(Page)
def list_submissions(request: HttpRequest, q: Query[QueueQuery]) -> object:
    return assessor_queue(
        _caller(request),
        QueueFilters(credential_id=q.credential, status=q.status, late=q.late, attempt=q.attempt),
    )


@router.get("/submissions/mine", response=list[SubmissionOut], summary="My own submissions")
@paginate(Page)
def my_submissions(request: HttpRequest) -> object:
    return Submission.objects.filter(learner=_caller(request)).order_by("-submitted_at", "-id")


def _visible(request: HttpRequest, submission_id: int) -> Submission:
    submission = Submission.objects.select_related("credential").filter(pk=submission_id).first()
    if submission is None or not may_view_submission(_caller(request), submission):
        raise NotFound(
            f"No submission {submission_id} that you may see.", code="SUBMISSION_NOT_FOUND"
        )
    return submission


@router.get("/submissions/{submission_id}", response=SubmissionDetailOut)
def get_submission(request: HttpRequest, submission_id: int) -> dict[str, object]:
    return _detail(_visible(request, submission_id))


@router.get(
    "/submissions/{submission_id}/result", response=ResultOut, summary="The released result"
)
def get_result(request: HttpRequest, submission_id: int) -> Result:
    result = Result.objects.filter(submission=_visible(request, submission_id)).first()
    if result is None:
        raise NotFound(
            "No result has been released for this submission yet.", code="RESULT_NOT_RELEASED"
        )
    return result


@router.get("/results", response=list[ResultOut], summary="My released results")
@paginate(Page)
def my_results(request: HttpRequest) -> object:
    return Result.objects.filter(submission__learner=_caller(request)).order_by(
        "-released_at", "-id"
    )


def _judgement_out(judgement: Judgement) -> dict[str, object]:
    return {
        "id": judgement.pk,
        "submission_id": judgement.submission_id,
        "assessor_id": judgement.assessor_id,
        "decision": judgement.decision,
        "feedback": judgement.feedback,
        "created_at": judgement.created_at,
        "criteria": list(judgement.criteria.values("criterion_id", "met", "feedback")),
        "submission_status": Submission.objects.values_list("status", flat=True).get(
            pk=judgement.submission_id
        ),
    }


def _criteria(rows: list[CriterionJudgementIn]) -> list[CriterionInput]:
    return [CriterionInput(r.criterion_id, r.met, r.feedback) for r in rows]


@router.post("/submissions/{submission_id}/judgements", response={201: JudgementOut})
def create_judgement(request: HttpRequest, submission_id: int, body: JudgementIn) -> Status:
    submission = get_object_or_404(Submission, pk=submission_id)
    try:
        judgement = judge(
            _caller(request), submission, _criteria(body.criteria), body.decision, body.feedback
        )
    except PermissionDenied as e:
        raise Forbidden(str(e), code="NOT_AN_ASSESSOR") from e
    return Status(201, _judgement_out(judgement))


@router.post("/judgements/{judgement_id}/moderation", response={201: ModerationOut})
def create_moderation(request: HttpRequest, judgement_id: int, body: ModerationIn) -> Status:
    judgement = get_object_or_404(Judgement.objects.select_related("submission"), pk=judgement_id)
    moderation = moderate(
        _caller(request),
        judgement,
        body.outcome == "confirm",
        body.notes,
        _criteria(body.criteria),
        body.decision,
    )
    return Status(
        201,
        {
            "id": moderation.pk,
            "judgement_id": judgement.pk,
            "moderator_id": moderation.moderator_id,
            "outcome": moderation.outcome,
            "decision": moderation.decision,
            "notes": moderation.notes,
            "created_at": moderation.created_at,
            "submission_status": Submission.objects.values_list("status", flat=True).get(
                pk=judgement.submission_id
            ),
        },
    )


class TriggerQuery(Schema):
    status: IssuanceTrigger.Status | None = None


@router.get(
    "/issuance-triggers",
    response=list[IssuanceTriggerOut],
    summary="Issuance triggers raised by passes (badge issuers and QA managers)",
)
@paginate(Page)
def list_triggers(request: HttpRequest, q: Query[TriggerQuery]) -> object:
    caller = _caller(request)
    if not trigger_organisations(caller):
        raise Forbidden("Issuance triggers are for badge issuers and QA managers.")
    qs = issuance_triggers(caller, pending_only=False)
    if q.status is not None:
        qs = qs.filter(status=q.status)
    return qs
