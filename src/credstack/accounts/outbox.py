"""The email outbox: every outbound email is written here first and delivered after commit.

``queue_email`` renders a message and stores it in the caller's transaction; when that
transaction commits, a task (:func:`credstack.accounts.tasks.deliver_outbox_message`) hands it
to Django's mail API. A message moves through a small state machine::

    queued ──claim──▶ sending ──▶ sent
                         │
                         └──error──▶ failed (next_attempt_at = now + backoff) ──claim──▶ sending …
                                        └── after MAX_ATTEMPTS errors ──▶ dead

Claiming a message (queued/failed → sending) happens under a row lock, so two workers that
pick up the same message never both send it. A worker that dies while sending leaves the row
in ``sending`` with a lease (``next_attempt_at``) that expires; ``send_outbox`` then takes it
again. Delivery is therefore at-least-once only for that crash window, and exactly-once
otherwise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# First retry after a minute, doubling each time: 1, 2, 4 … 64 minutes (about two hours in all
# before a message is declared dead), capped so a long outage still retries every few hours.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
# How long a claimed message may stay in "sending" before another worker may assume the first
# one died; far longer than EMAIL_TIMEOUT so a slow but live send is never duplicated.
SENDING_LEASE = timedelta(minutes=10)

Status = OutboxMessage.Status


def queue_email(
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    *,
    category: str = "",
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Render ``<template>.txt`` and ``<template>.html`` and queue the email for ``to``.

    The message is written in the current transaction and delivered after it commits; when
    ``dedupe_key`` names a message that was already queued, that message is returned and
    nothing new is queued (so retried actions never mail twice). Both templates must exist:
    every email has a plain-text part for people and clients who do not read HTML.
    """
    if dedupe_key is not None:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    full_context = {"PLATFORM_NAME": settings.PLATFORM_NAME, "BASE_URL": settings.BASE_URL}
    full_context.update(context)
    full_context.setdefault("subject", subject)
    body_text = render_to_string(f"{template}.txt", full_context)
    body_html = render_to_string(f"{template}.html", full_context)
    try:
        # A savepoint, so a concurrent duplicate dedupe_key does not poison the caller's
        # transaction: we return the winner's message instead.
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                to=to,
                subject=subject[:300],
                body_text=body_text,
                body_html=body_html,
                category=category,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int, run_after: datetime | None = None) -> None:
    from .tasks import deliver_outbox_message

    task = deliver_outbox_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the send_outbox command (cron) retries instead
        task = task.using(run_after=run_after)
    try:
        task.enqueue(message_id)
    except Exception:
        # The message is safely stored; send_outbox will deliver it even if the queue is down.
        logger.exception("could not enqueue delivery of outbox message %s", message_id)


def backoff(attempts: int) -> timedelta:
    """The wait before retry number ``attempts`` (1-based): 1, 2, 4 … minutes, capped."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


@dataclass(frozen=True)
class DeliveryResult:
    message_id: int
    status: str
    sent: bool


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Move a due message to ``sending`` under a row lock; None when it is not ours to send."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return None
        claimable = message.status in (Status.QUEUED, Status.FAILED) or (
            message.status == Status.SENDING  # a lease that ran out: its worker died
        )
        if not claimable or message.next_attempt_at > now:
            return None
        message.status = Status.SENDING
        message.attempts += 1
        message.next_attempt_at = now + SENDING_LEASE
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        return message


def deliver(message_id: int, *, now: datetime | None = None) -> DeliveryResult:
    """Send one outbox message if it is due; record sent, failed (with backoff) or dead.

    Idempotent: a message that is already sent, dead, not yet due or being sent by another
    worker is left alone.
    """
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        current = OutboxMessage.objects.filter(pk=message_id).values_list("status", flat=True)
        return DeliveryResult(message_id, current.first() or "missing", sent=False)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"X-Credstack-Outbox-Id": str(message.pk)},
    )
    email.attach_alternative(message.body_html, "text/html")
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([email])
    except Exception as e:  # any transport error: SMTP, socket, TLS, file system
        return _record_failure(message, f"{type(e).__name__}: {e}", timezone.now())
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return DeliveryResult(message.pk, Status.SENT, sent=True)


def _record_failure(message: OutboxMessage, error: str, now: datetime) -> DeliveryResult:
    logger.warning("outbox message %s failed (attempt %s): %s", message.pk, message.attempts, error)
    if message.attempts >= MAX_ATTEMPTS:
        status, next_attempt = Status.DEAD, now
    else:
        status, next_attempt = Status.FAILED, now + backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, last_error=error[:2000], next_attempt_at=next_attempt
    )
    if status == Status.FAILED:
        _enqueue(message.pk, run_after=next_attempt)
    return DeliveryResult(message.pk, status, sent=False)


def due_message_ids(now: datetime | None = None, limit: int = 500) -> list[int]:
    """Messages ready for an attempt: queued or failed and due, or with an expired lease."""
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(
            status__in=[Status.QUEUED, Status.FAILED, Status.SENDING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(now: datetime | None = None, limit: int = 500) -> list[DeliveryResult]:
    """Deliver every due message (the ``send_outbox`` command, for cron and retries)."""
    now = now or timezone.now()
    return [deliver(pk, now=now) for pk in due_message_ids(now, limit)]
