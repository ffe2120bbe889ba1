"""Background tasks of issuance (django-tasks): thin, take ids, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from .services import consume_assessment_trigger, process_pending_triggers


@task()
def consume_issuance_trigger(trigger_id: int) -> str | None:
    """Turn one assessment pass into its award; returns the award's credential UUID."""
    award = consume_assessment_trigger(trigger_id)
    return str(award.credential_uuid) if award is not None else None


@task()
def reconcile_issuance_triggers() -> int:
    """Consume every pending trigger left behind (a lost task, a rule changed since)."""
    consumed, _left = process_pending_triggers()
    return consumed
