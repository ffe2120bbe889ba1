"""Background tasks of the learning app (django-tasks): thin wrappers, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from .services import evaluate_engagement, send_start_reminders


@task()
def evaluate_engagement_task() -> int:
    """Apply the engagement rules now; returns how many alerts were raised."""
    return len(evaluate_engagement())


@task()
def send_start_reminders_task(days: int = 3) -> int:
    """Queue start reminders for offerings starting within ``days`` days."""
    return send_start_reminders(days=days)
