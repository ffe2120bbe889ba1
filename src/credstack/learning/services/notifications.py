"""The emails of the journey, each queued through the outbox with a dedupe key.

A dedupe key makes each email a fact that happens once: a retried action, a re-run command or
two workers racing never send the learner the same message twice.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from credstack.accounts.outbox import queue_email

from ..models import Alert, Enrolment, HelpRequest


def _link(name: str, *args: object) -> str:
    return settings.BASE_URL + reverse(name, args=args)


def enrolment_confirmed(enrolment: Enrolment) -> None:
    """Pre-commence: the confirmation, with dates, the facilitator and next steps."""
    queue_email(
        enrolment.learner.email,
        f"You're enrolled: {enrolment.offering.credential.title}",
        "learning/email/confirmation",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "commitment": enrolment.commitment,
            "url": _link("learning:welcome", enrolment.pk),
        },
        category="learning.confirmation",
        dedupe_key=f"learning:enrolment:{enrolment.pk}:confirmed",
    )


def enrolment_waitlisted(enrolment: Enrolment, position: int) -> None:
    queue_email(
        enrolment.learner.email,
        f"You're on the waitlist: {enrolment.offering.credential.title}",
        "learning/email/waitlisted",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "position": position,
            "url": _link("learning:dashboard"),
        },
        category="learning.waitlist",
        dedupe_key=f"learning:enrolment:{enrolment.pk}:waitlisted",
    )


def place_offered(enrolment: Enrolment) -> None:
    """A place freed up and the waitlisted learner now has it."""
    queue_email(
        enrolment.learner.email,
        f"A place is yours: {enrolment.offering.credential.title}",
        "learning/email/promoted",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "url": _link("learning:welcome", enrolment.pk),
        },
        category="learning.waitlist",
        dedupe_key=f"learning:enrolment:{enrolment.pk}:promoted",
    )


def start_reminder(enrolment: Enrolment, days: int) -> None:
    queue_email(
        enrolment.learner.email,
        f"Starting soon: {enrolment.offering.credential.title}",
        "learning/email/start_reminder",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "days": days,
            "url": _link("learning:course", enrolment.pk),
        },
        category="learning.reminder",
        dedupe_key=f"learning:enrolment:{enrolment.pk}:start-reminder",
    )


def nudge(alert: Alert) -> None:
    """A supportive note to the learner when an engagement rule fires (once per alert)."""
    enrolment = alert.enrolment
    queue_email(
        enrolment.learner.email,
        f"How is {enrolment.offering.credential.title} going?",
        "learning/email/nudge",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "alert": alert,
            "kind": alert.rule.kind,
            "url": _link("learning:course", enrolment.pk),
        },
        category="learning.nudge",
        dedupe_key=f"learning:alert:{alert.pk}:nudge",
    )


def help_requested(help_request: HelpRequest) -> None:
    """Route a learner's question to the offering's named facilitator, when there is one."""
    facilitator = help_request.enrolment.offering.facilitator
    if facilitator is None or not facilitator.email:
        return  # it still reaches every facilitator's queue page
    queue_email(
        facilitator.email,
        f"A learner asked for help: {help_request.enrolment.offering.credential.title}",
        "learning/email/help_requested",
        {
            "help": help_request,
            "enrolment": help_request.enrolment,
            "url": _link("learning:help_detail", help_request.pk),
        },
        category="learning.help",
        dedupe_key=f"learning:help:{help_request.pk}:routed",
    )


def help_answered(help_request: HelpRequest) -> None:
    queue_email(
        help_request.enrolment.learner.email,
        "Your facilitator replied",
        "learning/email/help_answered",
        {
            "help": help_request,
            "enrolment": help_request.enrolment,
            "url": _link("learning:course", help_request.enrolment_id),
        },
        category="learning.help",
        dedupe_key=f"learning:help:{help_request.pk}:answered",
    )
