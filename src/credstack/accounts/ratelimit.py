"""Login throttling: too many failed attempts for one username from one address pause it.

Keyed by client address *and* username, so an attacker guessing one account is stopped while
the real owner elsewhere, and other people behind the same address, can still log in. Counts
live in the cache (per process with the default local-memory cache; shared with Redis).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(request: HttpRequest, username: str) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a client can forge that header; behind a proxy the
    # deployment sets REMOTE_ADDR from the trusted proxy (docs/configuration.md).
    address = request.META.get("REMOTE_ADDR", "")
    raw = f"{address}\n{username.strip().lower()}".encode()
    return "credstack:login-failures:" + hashlib.sha256(raw).hexdigest()


def is_locked(request: HttpRequest, username: str) -> bool:
    """True when this address has failed to log in as ``username`` too often recently."""
    return int(cache.get(_key(request, username), 0)) >= MAX_FAILURES


def record_failure(request: HttpRequest, username: str) -> None:
    key = _key(request, username)
    # add() starts the window on the first failure; incr() keeps that window's expiry.
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS)


def reset(request: HttpRequest, username: str) -> None:
    cache.delete(_key(request, username))
