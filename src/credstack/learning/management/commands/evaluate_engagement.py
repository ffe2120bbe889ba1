"""``credstack evaluate_engagement``: apply the engagement rules (run it daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from credstack.learning.services import evaluate_engagement


class Command(BaseCommand):
    help = "Raise facilitator alerts and nudge learners whose engagement rules fire (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        alerts = evaluate_engagement()
        self.stdout.write(f"Raised {len(alerts)} alert(s).")
