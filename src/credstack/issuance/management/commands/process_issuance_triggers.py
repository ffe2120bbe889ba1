"""``credstack process_issuance_triggers``: consume every assessment pass still pending."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from credstack.issuance.services import process_pending_triggers


class Command(BaseCommand):
    help = "Turn pending assessment passes into awards (reconciles triggers whose task was lost)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="At most this many triggers.")

    def handle(self, *args: Any, limit: int | None = None, **options: Any) -> None:
        consumed, left = process_pending_triggers(limit)
        self.stdout.write(f"{consumed} trigger(s) consumed, {left} left pending.")
