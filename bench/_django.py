"""Start Django for a benchmark in a fresh data directory (its own SQLite database)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def setup(name: str) -> Path:
    """Point credstack at a new temp data directory and run ``django.setup()``; return the folder."""
    data_dir = tempfile.mkdtemp(prefix=f"credstack-bench-{name}-")
    os.environ["CREDSTACK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credstack.settings")
    os.environ["DEBUG"] = "true"  # plain static storage: no collectstatic manifest needed
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    return Path(data_dir)
