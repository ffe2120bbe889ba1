"""Per-client rate limit of verifications: a token bucket kept in Django's cache.

Verification is open to anyone and costs CPU (signatures) and sometimes network fetches, so
each client gets a burst of ``CREDSTACK_VERIFY_BURST`` verifications that refills at
``CREDSTACK_VERIFY_RATE_PER_MINUTE``. The client is its ``REMOTE_ADDR`` (hashed; never stored
elsewhere): behind a proxy the deployment sets it from the trusted proxy, never from a header
the client controls. With the default local-memory cache each process keeps its own buckets;
with Redis they are shared.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from credstack.conf import env_int

_WINDOW = 3600


def _limit(name: str, default: int) -> int:
    configured = getattr(settings, name, None)
    return int(configured) if configured is not None else env_int(name, default, minimum=1)


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after: int = 0


def take(request: HttpRequest, scope: str = "verify") -> Decision:
    """Spend one token of the client's bucket; say when to retry when it is empty."""
    burst = _limit("CREDSTACK_VERIFY_BURST", 30)
    per_second = _limit("CREDSTACK_VERIFY_RATE_PER_MINUTE", 60) / 60.0
    client = request.META.get("REMOTE_ADDR", "")
    key = f"credstack:ratelimit:{scope}:" + hashlib.sha256(client.encode()).hexdigest()[:32]
    now = time.time()
    tokens, stamp = cache.get(key, (float(burst), now))
    tokens = min(float(burst), tokens + (now - stamp) * per_second)
    if tokens < 1.0:
        cache.set(key, (tokens, now), _WINDOW)
        return Decision(False, max(1, math.ceil((1.0 - tokens) / per_second)))
    cache.set(key, (tokens - 1.0, now), _WINDOW)
    return Decision(True)
