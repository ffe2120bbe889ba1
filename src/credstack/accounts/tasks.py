"""Background tasks of the accounts app (django-tasks): thin, take ids, idempotent."""

from __future__ import annotations

from django_tasks import task

from .outbox import deliver


@task()
def deliver_outbox_message(message_id: int) -> str:
    """Deliver one outbox message; safe to run twice or concurrently (see ``outbox.deliver``)."""
    return deliver(message_id).status
