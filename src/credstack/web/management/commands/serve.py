"""``credstack serve``: the platform and its background worker, as `make run` starts them."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the platform on HOST:PORT and run a background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start a worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None
        if not options["no_worker"]:
            # Bulk issuance, email delivery and other background tasks run in this worker;
            # it stops with the server.
            worker = subprocess.Popen(
                [sys.executable, "-m", "credstack.cli", "db_worker", "--queue-name", "*"]
            )
        self.stdout.write(f"credstack is serving on http://{options['host']}:{options['port']}/")
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
