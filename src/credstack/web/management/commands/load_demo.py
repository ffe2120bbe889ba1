"""``credstack load_demo``: load the demo institution (Northbridge) and print its logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from credstack.web.demo import demo_exists, load, logins_table, saved_logins


class Command(BaseCommand):
    help = "Load the demo institution, its staff, learners and content, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the demo institution is already loaded.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            if options["if_empty"]:
                self.stdout.write("The demo institution is already loaded; its logins:")
                self.stdout.write(logins_table(saved_logins()))
                return
            raise CommandError(
                "The demo institution is already loaded. Start from an empty database "
                "(make clean, or a new CREDSTACK_DATA_DIR), or pass --if-empty."
            )
        ctx = load()
        self.stdout.write(
            self.style.SUCCESS("Loaded the demo institution: Northbridge Institute of Technology.")
        )
        self.stdout.write(logins_table(ctx))
