"""``credstack send_outbox``: deliver queued and due-for-retry email (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from credstack.accounts.outbox import deliver_due


class Command(BaseCommand):
    help = "Deliver queued outbox messages and retry failed ones whose backoff has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        results = deliver_due(limit=max(1, options["limit"]))
        sent = sum(1 for r in results if r.sent)
        failed = len(results) - sent
        self.stdout.write(f"{sent} sent, {failed} not sent, {len(results)} attempted")
