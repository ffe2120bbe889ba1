"""Hear the assessment app's pass event without it knowing about issuance.

Dependencies point one way (issuance reads assessment; assessment never imports issuance), so
the assessment app cannot call us. When an ``IssuanceTrigger`` is saved pending, we enqueue
the consuming task after the transaction commits: the task then sees the row, and a rolled
back pass enqueues nothing. If the task is lost, ``process_issuance_triggers`` reconciles.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from credstack.assessment.models import IssuanceTrigger


def _trigger_saved(sender: type[IssuanceTrigger], instance: IssuanceTrigger, **kwargs: Any) -> None:
    if instance.status != IssuanceTrigger.Status.PENDING:
        return
    from .tasks import consume_issuance_trigger

    pk = instance.pk
    transaction.on_commit(lambda: consume_issuance_trigger.enqueue(pk))


def connect() -> None:
    post_save.connect(_trigger_saved, sender=IssuanceTrigger, dispatch_uid="issuance.trigger_saved")
