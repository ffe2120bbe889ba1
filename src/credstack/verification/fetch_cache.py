"""The guarded fetcher's cache: small, in-process first, then Django's cache (shared via Redis).

It follows HTTP caching (RFC 9111) as far as a verifier needs: ``no-store`` is never stored;
``max-age`` (capped at an hour) says how long a copy is fresh; a stale copy with an ``ETag`` is
revalidated with ``If-None-Match`` and reused on ``304``; ``no-cache`` means "always revalidate".
Responses without ``max-age`` or ``ETag`` are not cached. Only successful (200) bodies are kept.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace

from django.core.cache import cache as django_cache

MAX_AGE_CAP = 3600
_MAX_ENTRIES = 256
_MAX_TOTAL_BYTES = 16 * 1024 * 1024
# A stale copy is kept this long past freshness so it can still be revalidated.
_REVALIDATE_WINDOW = 3600


@dataclass(frozen=True, slots=True)
class CachedDocument:
    """A stored response: the final URL after redirects, body, media type and validators."""

    url: str
    content: bytes
    content_type: str
    etag: str | None
    stored_at: float
    fresh_until: float

    @property
    def fresh(self) -> bool:
        return time.time() < self.fresh_until

    def age(self) -> float:
        return max(0.0, time.time() - self.stored_at)


@dataclass(frozen=True, slots=True)
class CachePolicy:
    """What a response's ``Cache-Control`` allows."""

    store: bool
    max_age: int


def policy(cache_control: str | None, etag: str | None) -> CachePolicy:
    """Read ``Cache-Control`` (RFC 9111 §5.2.2) into a store/max-age decision."""
    directives: dict[str, str] = {}
    for part in (cache_control or "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip().strip('"')
    if "no-store" in directives:
        return CachePolicy(store=False, max_age=0)
    max_age = 0
    if "no-cache" not in directives and "max-age" in directives:
        try:
            max_age = max(0, min(int(directives["max-age"]), MAX_AGE_CAP))
        except ValueError:
            max_age = 0
    return CachePolicy(store=max_age > 0 or etag is not None, max_age=max_age)


class DocumentCache:
    """A bounded LRU in this process, backed by Django's cache for other processes."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, CachedDocument] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _key(url: str, accept: str) -> str:
        # Keyed by URL only: the fetcher re-checks a hit's media type against each ``accept``.
        raw = url.encode()
        return "credstack:fetch:" + hashlib.sha256(raw).hexdigest()

    def get(self, url: str, accept: str) -> CachedDocument | None:
        key = self._key(url, accept)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        shared = django_cache.get(key)
        if isinstance(shared, CachedDocument):
            self._remember(key, shared)
            return shared
        return None

    def put(self, url: str, accept: str, document: CachedDocument) -> None:
        key = self._key(url, accept)
        self._remember(key, document)
        ttl = int(max(document.fresh_until - time.time(), 0)) + _REVALIDATE_WINDOW
        django_cache.set(key, document, ttl)

    def refreshed(
        self, url: str, accept: str, document: CachedDocument, max_age: int
    ) -> CachedDocument:
        """The same body after a ``304``: fresh again for ``max_age`` seconds."""
        now = time.time()
        renewed = replace(document, stored_at=now, fresh_until=now + max_age)
        self.put(url, accept, renewed)
        return renewed

    def _remember(self, key: str, document: CachedDocument) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.content)
            self._entries[key] = document
            self._bytes += len(document.content)
            while self._entries and (
                len(self._entries) > _MAX_ENTRIES or self._bytes > _MAX_TOTAL_BYTES
            ):
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.content)

    def clear(self) -> None:
        """Forget everything this process holds (tests; the shared cache expires by itself)."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0


documents = DocumentCache()
