"""``credstack bulk_recover``: restart bulk jobs whose workers died (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from credstack.issuance.bulk.services import recover_stalled_jobs


class Command(BaseCommand):
    help = "Re-enqueue bulk issuance jobs that made no progress for longer than the claim lease."

    def handle(self, *args: Any, **options: Any) -> None:
        restarted = recover_stalled_jobs()
        self.stdout.write(f"restarted {len(restarted)} bulk job(s): {restarted}")
