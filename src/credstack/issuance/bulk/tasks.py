"""The bulk job's background task (Django Tasks API): thin, takes an id, safe to run twice.

A job is worked by ``BULK_PARALLEL_TASKS`` chains of ``run_bulk_job`` tasks on the ``bulk``
queue. Each task works chunks for about ``BULK_TASK_SLICE_SECONDS`` (20 by default), then
enqueues its successor, so tasks stay short on every backend (RQ kills over-long jobs), other
jobs get their turn, and any number of workers -- database workers with SKIP LOCKED, or RQ
workers on other machines -- share one job's chunks. The same code runs on every backend.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from .runner import work_job


@task(queue_name="bulk")
def run_bulk_job(job_id: int) -> bool:
    """Work chunks of bulk job ``job_id`` for its slice of time; hands over to a successor
    while rows are left. Returns whether it did."""
    more = work_job(job_id, seconds=settings.BULK_TASK_SLICE_SECONDS)
    if more:
        run_bulk_job.enqueue(job_id)
    return more


def enqueue_job(job_id: int, parallel: int) -> None:
    """Start ``parallel`` chains working ``job_id`` (call after the job's state commits)."""
    for _ in range(parallel):
        run_bulk_job.enqueue(job_id)
