"""Recording verifications anonymously, for the institution's view of employer acceptance.

Events are counted, never read back by the verification itself, so a verification does not
wait for its own insert: outside a transaction (a production request in autocommit) the event
joins a small in-process batch written with one ``bulk_create`` when it holds
:data:`BATCH_SIZE` events or is :data:`BATCH_SECONDS` old (a timer thread writes a quiet
process's batch), and at interpreter exit. On SQLite one insert per request meant one write
transaction per verification; the batch makes that one per 50. What a hard-killed process
(``SIGKILL``) held — at most a second's or 49 events — is lost; that is the trade made for
throughput, for anonymous counts only; a batched event's ``created_at`` is the moment it was
written, at most a second after the verification. Inside a transaction (a caller's ``atomic`` block,
tests) the event is written at once, as part of that transaction.
"""

from __future__ import annotations

import atexit
import logging
import threading
from urllib.parse import urlsplit

from django.db import DatabaseError, connection, connections

from credstack.issuance.models import Award

from ..models import VerificationEvent

BATCH_SIZE = 50
BATCH_SECONDS = 1.0

log = logging.getLogger(__name__)


def referrer_domain(referer: str | None) -> str:
    """The host of a ``Referer`` header, and nothing else (no path, no query: they can identify
    people); empty when absent or unreadable."""
    if not referer:
        return ""
    try:
        host = urlsplit(referer.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower()[:253]


class EventBatch:
    """Pending events of this process, written together (see the module docstring)."""

    def __init__(self) -> None:
        self._pending: list[VerificationEvent] = []
        self._lock = threading.Lock()
        self._writing = threading.Lock()  # one write at a time; flush() waits for the timer's
        self._timer: threading.Timer | None = None

    def add(self, event: VerificationEvent) -> None:
        with self._lock:
            self._pending.append(event)
            full = len(self._pending) >= BATCH_SIZE
            if not full and self._timer is None:
                self._timer = threading.Timer(BATCH_SECONDS, self._flush_from_timer)
                self._timer.daemon = True
                self._timer.start()
        if full:
            self.flush()

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def flush(self) -> int:
        """Write every pending event now; returns how many were written. When it returns, a
        write the timer had started has finished too (shutdown, and tests that must not meet
        a late write)."""
        with self._writing:
            with self._lock:
                batch, self._pending = self._pending, []
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
            if not batch:
                return 0
            try:
                VerificationEvent.objects.bulk_create(batch)
            except DatabaseError:
                # Counting must never break verifying; the loss is logged, not raised.
                log.exception("could not record %d verification events", len(batch))
                return 0
            return len(batch)

    def _flush_from_timer(self) -> None:
        with self._lock:
            self._timer = None
        try:
            self.flush()
        finally:
            # The timer thread's own connection is not closed by any request cycle.
            connections.close_all()


batch = EventBatch()
atexit.register(batch.flush)


def record_event(award: Award | None, result: str, channel: str, referer: str | None) -> None:
    """Count one verification of ``award`` (nothing is recorded for other issuers' credentials)."""
    if award is None:
        return
    event = VerificationEvent(
        award_id=award.pk,
        result=result[:20],
        channel=channel,
        referrer_domain=referrer_domain(referer),
    )
    if connection.in_atomic_block:
        event.save(force_insert=True)
    else:
        batch.add(event)
