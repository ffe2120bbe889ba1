"""The facilitator's side of support: the queue, interventions, help requests and rule settings.

Every action here is a member of staff changing something, so each writes an audit entry in
the same transaction (DESIGN.md: every mutating staff action is in the audit log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.catalog.models import Offering

from ..errors import Conflict, InvalidInput
from ..models import Activity, Alert, EngagementRule, Enrolment, HelpRequest, Intervention
from . import notifications
from .access import facilitated_offerings, require_facilitator

MESSAGE_MAX = 4000


def _text(value: str, *, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(
            f"Write the {field}.", code=f"{field.upper().replace(' ', '_')}_REQUIRED"
        )
    if len(value) > MESSAGE_MAX:
        raise InvalidInput(
            f"Keep the {field} under {MESSAGE_MAX} characters.", code="TEXT_TOO_LONG"
        )
    return value


def _org(alert_or_enrolment: Alert | Enrolment | HelpRequest):  # type: ignore[no-untyped-def]
    enrolment = (
        alert_or_enrolment
        if isinstance(alert_or_enrolment, Enrolment)
        else alert_or_enrolment.enrolment
    )
    return enrolment.offering.credential.organisation


def _lock_alert(alert: Alert, actor: User) -> Alert:
    locked = (
        Alert.objects.select_for_update()
        .select_related("enrolment__offering__credential__organisation")
        .get(pk=alert.pk)
    )
    require_facilitator(actor, locked.enrolment.offering)
    return locked


@transaction.atomic
def acknowledge_alert(alert: Alert, *, actor: User, now: dt.datetime | None = None) -> Alert:
    """Take an alert on: it stays on the queue, marked as being handled by ``actor``."""
    alert = _lock_alert(alert, actor)
    if alert.status != Alert.Status.OPEN:
        return alert  # acknowledging twice, or a resolved alert, changes nothing
    before = snapshot(alert)
    alert.status, alert.acknowledged_by, alert.acknowledged_at = (
        Alert.Status.ACKNOWLEDGED,
        actor,
        now or timezone.now(),
    )
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    record(
        actor,
        "learning.alert.acknowledged",
        alert,
        organisation=_org(alert),
        before=before,
        after=snapshot(alert),
    )
    return alert


@transaction.atomic
def resolve_alert(alert: Alert, *, actor: User, now: dt.datetime | None = None) -> Alert:
    """Close an alert; the rule may fire again for this learner in a later period."""
    alert = _lock_alert(alert, actor)
    if alert.status == Alert.Status.RESOLVED:
        return alert
    now = now or timezone.now()
    before = snapshot(alert)
    alert.status, alert.resolved_by, alert.resolved_at = Alert.Status.RESOLVED, actor, now
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = actor, now
    alert.save(
        update_fields=["status", "resolved_by", "resolved_at", "acknowledged_by", "acknowledged_at"]
    )
    record(
        actor,
        "learning.alert.resolved",
        alert,
        organisation=_org(alert),
        before=before,
        after=snapshot(alert),
    )
    return alert


@transaction.atomic
def record_intervention(
    alert: Alert, *, actor: User, action: str, outcome: str, notes: str, resolve: bool = False
) -> Intervention:
    """Record what the facilitator did about an alert and how it turned out."""
    alert = _lock_alert(alert, actor)
    if action not in Intervention.Action.values:
        raise InvalidInput(f"Unknown action {action!r}.", code="UNKNOWN_ACTION")
    if outcome not in Intervention.Outcome.values:
        raise InvalidInput(f"Unknown outcome {outcome!r}.", code="UNKNOWN_OUTCOME")
    if alert.status == Alert.Status.RESOLVED:
        raise Conflict(
            "This alert is resolved; a new alert will open if the learner needs help again.",
            code="ALERT_RESOLVED",
        )
    intervention = Intervention.objects.create(
        alert=alert,
        facilitator=actor,
        action=action,
        outcome=outcome,
        notes=_text(notes, field="notes", required=False),
    )
    record(
        actor,
        "learning.intervention.recorded",
        intervention,
        organisation=_org(alert),
        after=snapshot(intervention),
    )
    if alert.status == Alert.Status.OPEN:
        acknowledge_alert(alert, actor=actor)
    if resolve:
        resolve_alert(alert, actor=actor)
    return intervention


@transaction.atomic
def configure_rules(
    offering: Offering, *, actor: User, settings: dict[str, tuple[bool, int]]
) -> list[EngagementRule]:
    """Set each rule kind's enabled flag and threshold for ``offering`` (N from 1 to 365)."""
    require_facilitator(actor, offering)
    saved: list[EngagementRule] = []
    for kind, (enabled, threshold) in settings.items():
        if kind not in EngagementRule.Kind.values:
            raise InvalidInput(f"Unknown rule kind {kind!r}.", code="UNKNOWN_RULE_KIND")
        if not 1 <= threshold <= 365:
            raise InvalidInput(
                "A threshold is a number from 1 to 365.", code="THRESHOLD_OUT_OF_RANGE"
            )
        rule = (
            EngagementRule.objects.select_for_update().filter(offering=offering, kind=kind).first()
        )
        before = snapshot(rule) if rule else None
        if rule is None:
            rule = EngagementRule(offering=offering, kind=kind)
        rule.enabled, rule.threshold = enabled, threshold
        rule.save()
        record(
            actor,
            "learning.engagement_rule.saved",
            rule,
            organisation=offering.credential.organisation,
            before=before,
            after=snapshot(rule),
        )
        saved.append(rule)
    return saved


@transaction.atomic
def ask_for_help(
    enrolment: Enrolment, *, learner: User, message: str, activity_id: int | None = None
) -> HelpRequest:
    """A learner's question from a course page, queued for the offering's facilitators."""
    if enrolment.learner_id != learner.pk:
        raise InvalidInput(
            "Only the learner can ask for help on their enrolment.", code="NOT_YOUR_ENROLMENT"
        )
    message = _text(message, field="message")
    activity = None
    if activity_id is not None:
        activity = Activity.objects.filter(
            pk=activity_id, module__credential_id=enrolment.credential_id
        ).first()
    help_request = HelpRequest.objects.create(
        enrolment=enrolment, offering_id=enrolment.offering_id, activity=activity, message=message
    )
    notifications.help_requested(help_request)
    return help_request


@transaction.atomic
def answer_help(
    help_request: HelpRequest, *, actor: User, reply: str, now: dt.datetime | None = None
) -> HelpRequest:
    """Reply to a help request; the learner is emailed the reply."""
    locked = (
        HelpRequest.objects.select_for_update()
        .select_related("enrolment__offering__credential__organisation", "enrolment__learner")
        .get(pk=help_request.pk)
    )
    require_facilitator(actor, locked.enrolment.offering)
    if locked.status == HelpRequest.Status.ANSWERED:
        raise Conflict("This request has already been answered.", code="HELP_ALREADY_ANSWERED")
    before = snapshot(locked)
    locked.reply = _text(reply, field="reply")
    locked.status, locked.answered_by, locked.answered_at = (
        HelpRequest.Status.ANSWERED,
        actor,
        now or timezone.now(),
    )
    locked.save(update_fields=["reply", "status", "answered_by", "answered_at"])
    record(
        actor,
        "learning.help_request.answered",
        locked,
        organisation=_org(locked),
        before=before,
        after=snapshot(locked),
    )
    notifications.help_answered(locked)
    return locked


@dataclass
class FacilitatorQueue:
    alerts: list[Alert]
    alerts_total: int
    help_requests: list[HelpRequest]
    help_total: int


def facilitator_queue(
    user: User | AnonymousUser, *, limit: int = 50, offset: int = 0
) -> FacilitatorQueue:
    """Open and acknowledged alerts and open help requests on the offerings ``user`` facilitates.

    A page at a time (``limit``/``offset``) so the queue costs the same at 30 or 100,000
    enrolments; the oldest unresolved alerts come first.
    """
    # The offering ids first (a facilitator has tens, not thousands), so both lists below are
    # index range scans on (offering, status, time) rather than joins through every enrolment.
    offering_ids = list(
        Offering.objects.filter(facilitated_offerings(user)).values_list("pk", flat=True)
    )
    alerts = (
        Alert.objects.filter(
            offering_id__in=offering_ids, status__in=[Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED]
        )
        .select_related("rule", "enrolment__learner", "offering__credential")
        .order_by("raised_at", "pk")
    )
    help_requests = (
        HelpRequest.objects.filter(offering_id__in=offering_ids, status=HelpRequest.Status.OPEN)
        .select_related("activity", "enrolment__learner", "offering__credential")
        .order_by("created_at", "pk")
    )
    return FacilitatorQueue(
        alerts=list(alerts[offset : offset + limit]),
        alerts_total=alerts.count(),
        help_requests=list(help_requests[:limit]),
        help_total=help_requests.count(),
    )
