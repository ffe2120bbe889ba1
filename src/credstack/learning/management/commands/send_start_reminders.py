"""``credstack send_start_reminders``: remind confirmed learners shortly before they start."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from credstack.learning.services import send_start_reminders
from credstack.learning.services.reminders import DEFAULT_DAYS_BEFORE


class Command(BaseCommand):
    help = "Email each confirmed learner once, N days before their offering starts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS_BEFORE,
            help=f"how many days ahead to look (default {DEFAULT_DAYS_BEFORE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = send_start_reminders(days=max(0, options["days"]))
        self.stdout.write(f"Queued {queued} reminder(s).")
