"""Typed helpers that read credstack's settings from the environment.

Each helper fails loudly with the variable's name when a value is malformed, so a typo in a
deployment is caught at start-up rather than as odd behaviour later. ``X_FILE`` variants read a
secret from a file (container secrets), and win over the plain variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Return the variable ``name`` (or the contents of the file named by ``name_FILE``)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as e:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {e}") from e
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return a boolean variable; accepts 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return an integer variable, refusing values below ``minimum``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from e
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list variable with blanks removed."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def persistent_secret(data_dir: Path, filename: str, nbytes: int = 48) -> str:
    """Return a secret kept in ``data_dir/filename``, creating it (mode 0600) on first use.

    The default install has no secret configured; generating one per installation and keeping it
    beside the database means sessions and encrypted keys survive restarts without anyone
    having to invent a secret by hand.
    """
    path = data_dir / filename
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    # O_EXCL: when two processes start at once, exactly one writes and the other reads its value.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value
