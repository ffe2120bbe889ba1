"""The ``credstack`` command.

``credstack vc ...`` runs the credential engine's command line (no database, no settings);
any other sub-command is handed to Django's management commands (``credstack migrate``,
``credstack runserver``, ``credstack load_demo``...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the engine's CLI or to Django's management utility."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "vc":
        from credstack.vc.cli import main as vc_main

        return vc_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credstack.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["credstack", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
