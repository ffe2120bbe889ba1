"""Django system checks for a deployment's configuration (``credstack check --deploy`` and start-up).

Each catches a mistake that would otherwise show up later as something subtle: credentials
minted with http:// ids, sessions signed with a guessable key, a public address the server
refuses to answer, a data directory the process cannot write to.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.http.request import validate_host

# Values people paste from tutorials; a key matching one of these is as good as public.
_PLACEHOLDER_KEYS = {
    "",
    "changeme",
    "change-me",
    "secret",
    "secret-key",
    "dev",
    "development",
    "insecure",
}
_MIN_KEY_LENGTH = 32


@register("credstack")
def base_url_is_https(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Credential ids, issuer profiles and status lists are built from BASE_URL: https in production."""
    if settings.DEBUG or settings.BASE_URL.startswith("https://"):
        return []
    return [
        Error(
            f"CREDSTACK_BASE_URL is {settings.BASE_URL!r}; with DEBUG off it must start with https://.",
            hint="Set CREDSTACK_BASE_URL to the public https address, e.g. https://badges.example.edu.",
            id="credstack.E001",
        )
    ]


@register("credstack")
def secret_key_is_not_a_default(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """With DEBUG off the secret key must not be Django's insecure default, a placeholder or short."""
    if settings.DEBUG:
        return []
    key = str(settings.SECRET_KEY)
    if (
        key.startswith("django-insecure-")
        or key.strip().lower() in _PLACEHOLDER_KEYS
        or len(key) < _MIN_KEY_LENGTH
        or len(set(key)) < 5
    ):
        return [
            Error(
                "SECRET_KEY is a placeholder, Django's insecure default or too short for production.",
                hint=f"Unset SECRET_KEY to use the generated key in the data directory, or set a "
                f"random value of at least {_MIN_KEY_LENGTH} characters (SECRET_KEY_FILE for a file).",
                id="credstack.E002",
            )
        ]
    return []


@register("credstack")
def allowed_hosts_include_base_url(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """The host in BASE_URL must be one the server answers, or every public link fails with 400."""
    host = urlsplit(settings.BASE_URL).hostname or ""
    if not host:
        return [
            Error(
                f"CREDSTACK_BASE_URL {settings.BASE_URL!r} has no host name.",
                hint="Use a full address such as https://badges.example.edu.",
                id="credstack.E003",
            )
        ]
    if validate_host(host, list(settings.ALLOWED_HOSTS)):
        return []
    return [
        Error(
            f"ALLOWED_HOSTS {list(settings.ALLOWED_HOSTS)!r} does not include {host!r}, the host of "
            "CREDSTACK_BASE_URL.",
            hint=f"Add {host} to ALLOWED_HOSTS (comma-separated).",
            id="credstack.E004",
        )
    ]


def _writable(directory: Path) -> str:
    """'' when ``directory`` exists (or can be made) and a file can be written in it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".credstack-check-", dir=directory)
        os.close(fd)
        os.unlink(name)
    except OSError as e:
        return str(e)
    return ""


@register("credstack")
def data_dir_is_writable(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """The data directory holds the SQLite database, generated keys, media and mail."""
    problem = _writable(Path(settings.DATA_DIR))
    if not problem:
        return []
    return [
        Error(
            f"The data directory {settings.DATA_DIR} is not writable: {problem}",
            hint="Set CREDSTACK_DATA_DIR to a directory this process can write, or fix its permissions.",
            id="credstack.E005",
        )
    ]
