"""The platform's own issuer documents, remembered per version so a verification skips the views.

A credstack credential's checks read three of our own documents: the issuer's profile
(controller document, for the key), its revocation list and the suspension companion
(decision 0002). Dispatching to the issuance views for each costs several queries a document;
instead the document an issuer's view produced is remembered under the issuer's *stamp*, read
with one indexed query per verification (:func:`issuer_stamp`, on the request's persistent
connection: ``CONN_MAX_AGE``, so it costs no connection set-up):

* the issuer's row id, its current key (id and public key) and how many keys it has — a key
  rotation changes it (``rotate_key`` adds a row and moves ``is_current``);
* how many status lists it has and the sum of their ``version`` — ``set_bit`` bumps a list's
  version in the same transaction as the bit, and versions only grow, so a revocation or a
  suspension changes the stamp the moment it commits, in every process.

So a status change shows on the very next verification, with no time window. What the stamp
does not cover (the profile's descriptive fields: name, e-mail, description) is refreshed
after :data:`MEMO_SECONDS` at most, sooner than the views' own ``max-age``.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection

from credstack.issuance.models import IssuerKey, IssuerProfile, StatusList
from credstack.vc.fetch import FetchResult

#: Longest a remembered document is served without re-running its view (descriptive fields).
MEMO_SECONDS = 60.0
_MEMO_SIZE = 256
# Only the documents whose content the stamp fully determines (keys and status lists).
_DOCUMENT_PATH = re.compile(
    r"^/issuers/(?P<slug>[^/]+)"
    r"(?:/did\.json|/status/(?:revocation|suspension)/\d+(?:/suspension)?)?$"
)

Stamp = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Remembered:
    """A document as its view served it, and the stamp it was produced under."""

    stamp: Stamp
    result: FetchResult
    stored_at: float

    def age(self) -> float:
        return max(0.0, time.monotonic() - self.stored_at)


def issuer_slug(url: str) -> str | None:
    """The issuer slug of one of our memoisable document URLs (path only), else None."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return None
    found = _DOCUMENT_PATH.match(parts.path)
    return found["slug"] if found is not None else None


def _stamp_sql() -> str:
    issuers = IssuerProfile._meta.db_table
    keys = IssuerKey._meta.db_table
    lists = StatusList._meta.db_table
    # Only the models' own table names are interpolated; the slug is a bound parameter.
    return (
        f"SELECT i.id,"  # noqa: S608
        f" (SELECT COUNT(*) FROM {keys} k WHERE k.issuer_id = i.id),"
        f" (SELECT MAX(k.id) FROM {keys} k WHERE k.issuer_id = i.id AND k.is_current = %s),"
        f" (SELECT MAX(k.public_multibase) FROM {keys} k"
        f" WHERE k.issuer_id = i.id AND k.is_current = %s),"
        f" (SELECT COUNT(*) FROM {lists} s WHERE s.issuer_id = i.id),"
        f" (SELECT SUM(s.version) FROM {lists} s WHERE s.issuer_id = i.id)"
        f" FROM {issuers} i WHERE i.slug = %s"
    )


def issuer_stamp(slug: str) -> Stamp | None:
    """One indexed query (``slug`` is unique): what the issuer's documents depend on, or None
    when there is no such issuer."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [True, True, slug])
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


class DocumentMemo:
    """A bounded, time-limited map (url, accept) → :class:`Remembered`, shared by the process."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str], Remembered] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str, accept: str, stamp: Stamp) -> Remembered | None:
        """The document remembered for exactly ``stamp``, when younger than MEMO_SECONDS."""
        with self._lock:
            found = self._entries.get((url, accept))
            if found is None:
                return None
            if found.stamp != stamp or found.age() >= MEMO_SECONDS:
                del self._entries[(url, accept)]
                return None
            self._entries.move_to_end((url, accept))
            return found

    def put(self, url: str, accept: str, stamp: Stamp, result: FetchResult) -> None:
        """Remember ``result`` under the stamp read *before* its view ran.

        A change committed between the stamp and the view gives a newer body under an older
        stamp; the next verification reads the newer stamp and runs the view again, so a
        stale body is never served under a current stamp.
        """
        with self._lock:
            self._entries[(url, accept)] = Remembered(stamp, result, time.monotonic())
            self._entries.move_to_end((url, accept))
            while len(self._entries) > _MEMO_SIZE:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every document (tests)."""
        with self._lock:
            self._entries.clear()


memo = DocumentMemo()
