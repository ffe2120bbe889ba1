"""The learning API, mounted at /api/v1/learning/.

Learners read and create their own enrolments and post progress; an LMS posts progress with a
personal API token of a facilitator (``Authorization: Bearer cst_…``); facilitators list
enrolments per offering and work the alert queue. Statements are idempotent by their ``id``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.api_auth import api_auth
from credstack.accounts.models import User
from credstack.catalog.models import Offering
from credstack.problems import InvalidInput

from .models import Alert, Enrolment, Intervention, ProgressStatement
from .schemas import (
    AlertOut,
    DeferIn,
    EnrolmentIn,
    EnrolmentOut,
    InterventionIn,
    InterventionOut,
    ReasonIn,
    StatementIn,
    StatementOut,
)
from .services import (
    acknowledge_alert,
    can_facilitate,
    defer,
    enrol,
    facilitated_offerings,
    record_intervention,
    record_statement,
    require_enrolment_access,
    resolve_alert,
    withdraw,
)
from .services.access import require_facilitator

router = Router(auth=api_auth, tags=["learning"])


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("credential", "offering__credential")


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    enrolment = get_object_or_404(_enrolments(), pk=pk)
    require_enrolment_access(_caller(request), enrolment)
    return enrolment


@router.get("/enrolments", response=list[EnrolmentOut], summary="My enrolments")
@paginate(Page)
def my_enrolments(request: HttpRequest) -> QuerySet[Enrolment]:
    return _enrolments().filter(learner=_caller(request)).order_by("-created_at", "-id")


@router.post("/enrolments", response={201: EnrolmentOut}, summary="Enrol, accepting the commitment")
def create_enrolment(request: HttpRequest, body: EnrolmentIn) -> tuple[int, Enrolment]:
    offering = get_object_or_404(Offering.objects.select_related("credential"), pk=body.offering_id)
    return 201, enrol(
        _caller(request),
        offering,
        accepted=body.accept_commitment,
        terms_version_id=body.terms_version_id,
    )


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut, summary="One enrolment")
def get_enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return _enrolment(request, enrolment_id)


@router.post("/enrolments/{enrolment_id}/withdraw", response=EnrolmentOut, summary="Withdraw")
def withdraw_enrolment(request: HttpRequest, enrolment_id: int, body: ReasonIn) -> Enrolment:
    return withdraw(_enrolment(request, enrolment_id), actor=_caller(request), reason=body.reason)


@router.post(
    "/enrolments/{enrolment_id}/defer",
    response=EnrolmentOut,
    summary="Defer to another offering of the same credential (returns the new enrolment)",
)
def defer_enrolment(request: HttpRequest, enrolment_id: int, body: DeferIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    target = get_object_or_404(Offering, pk=body.to_offering_id)
    return defer(enrolment, target, actor=_caller(request), reason=body.reason)


@router.get(
    "/offerings/{offering_id}/enrolments",
    response=list[EnrolmentOut],
    summary="Enrolments in an offering (facilitators)",
)
@paginate(Page)
def offering_enrolments(request: HttpRequest, offering_id: int) -> QuerySet[Enrolment]:
    offering = get_object_or_404(Offering.objects.select_related("credential"), pk=offering_id)
    require_facilitator(_caller(request), offering)
    return _enrolments().filter(offering=offering).order_by("created_at", "id")


@router.post(
    "/statements",
    response={200: StatementOut, 201: StatementOut},
    summary="Record progress (idempotent by statement id)",
)
def post_statement(request: HttpRequest, body: StatementIn) -> tuple[int, ProgressStatement]:
    caller = _caller(request)
    enrolment = _enrolment(request, body.enrolment_id)
    is_learner = enrolment.learner_id == caller.pk
    by_token = request.headers.get("Authorization", "").lower().startswith("bearer ")
    source = body.source or ("learner" if is_learner else ("lms" if by_token else "staff"))
    if is_learner and source != "learner" and not can_facilitate(caller, enrolment.offering):
        raise PermissionDenied("A learner's own statements have source 'learner'.")
    if not is_learner and source == "learner":
        raise InvalidInput(
            "Only the learner can post statements with source 'learner'.", code="SOURCE_NOT_ALLOWED"
        )
    statement, created = record_statement(
        enrolment,
        statement_id=body.id,
        verb=body.verb,
        activity_id=body.activity_id,
        timestamp=body.timestamp,
        source=source,
        recorded_by=caller,
    )
    return (201 if created else 200), statement


@router.get(
    "/enrolments/{enrolment_id}/statements",
    response=list[StatementOut],
    summary="An enrolment's progress statements, newest first",
)
@paginate(Page)
def list_statements(request: HttpRequest, enrolment_id: int) -> QuerySet[ProgressStatement]:
    return ProgressStatement.objects.filter(enrolment=_enrolment(request, enrolment_id))


@router.get("/alerts", response=list[AlertOut], summary="The facilitator's alert queue")
@paginate(Page)
def list_alerts(request: HttpRequest, status: str = "unresolved") -> QuerySet[Alert]:
    offerings = Offering.objects.filter(facilitated_offerings(_caller(request))).values("pk")
    alerts = Alert.objects.filter(offering__in=offerings).select_related(
        "rule", "enrolment__learner"
    )
    if status == "unresolved":
        alerts = alerts.exclude(status=Alert.Status.RESOLVED)
    elif status in Alert.Status.values:
        alerts = alerts.filter(status=status)
    elif status != "all":
        raise InvalidInput(
            "status is one of unresolved, all, open, acknowledged, resolved.", code="UNKNOWN_STATUS"
        )
    return alerts.order_by("raised_at", "pk")


def _alert(request: HttpRequest, alert_id: int) -> Alert:
    alert = get_object_or_404(
        Alert.objects.select_related(
            "rule", "enrolment__learner", "enrolment__offering__credential"
        ),
        pk=alert_id,
    )
    require_facilitator(_caller(request), alert.enrolment.offering)
    return alert


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut, summary="Take an alert on")
def acknowledge(request: HttpRequest, alert_id: int) -> Alert:
    return acknowledge_alert(_alert(request, alert_id), actor=_caller(request))


@router.post("/alerts/{alert_id}/resolve", response=AlertOut, summary="Resolve an alert")
def resolve(request: HttpRequest, alert_id: int) -> Alert:
    return resolve_alert(_alert(request, alert_id), actor=_caller(request))


@router.post(
    "/alerts/{alert_id}/interventions",
    response={201: InterventionOut},
    summary="Record an intervention",
)
def intervene(
    request: HttpRequest, alert_id: int, body: InterventionIn
) -> tuple[int, Intervention]:
    return 201, record_intervention(
        _alert(request, alert_id),
        actor=_caller(request),
        action=body.action,
        outcome=body.outcome,
        notes=body.notes,
        resolve=body.resolve,
    )


__all__ = ["router"]
