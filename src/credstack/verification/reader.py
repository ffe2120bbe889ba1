"""A long-lived read connection for the verifier's per-request look-ups.

Django closes the request's database connection at the end of every request unless
``CONN_MAX_AGE`` keeps it; on SQLite (no ``CONN_MAX_AGE`` in our settings) opening one costs
its ``PRAGMA`` set-up — several milliseconds, as much as verifying a credential. A
verification only needs two small reads (the issuer's stamp and the award's id), so they go
through one connection per thread that this module keeps open across requests.

It is used only outside transactions (autocommit: every read sees the latest commit, so a
revocation committed by another process shows at once). Inside an ``atomic`` block — a
caller's transaction, or a test — the reads use the caller's connection, which sees the
caller's own uncommitted work. A connection that fails is closed and the read retried once on
a fresh one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper


class _PerThread(threading.local):
    wrapper: BaseDatabaseWrapper | None = None


_held = _PerThread()


def _reader() -> BaseDatabaseWrapper:
    wrapper = _held.wrapper
    if wrapper is None:
        wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
        _held.wrapper = wrapper
    return wrapper


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    """The first row of a read-only query, or None; see the module docstring for which
    connection runs it."""
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return tuple(row) if row is not None else None
    try:
        row = _run(_reader(), sql, params)
    except DatabaseError:
        # A connection the server dropped (restart, idle timeout) fails once; a fresh one
        # answers. A second failure is a real one and is raised.
        close()
        row = _run(_reader(), sql, params)
    return tuple(row) if row is not None else None


def _run(wrapper: BaseDatabaseWrapper, sql: str, params: Sequence[Any]) -> Any:
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def close() -> None:
    """Close this thread's reader (tests; after an error)."""
    wrapper, _held.wrapper = _held.wrapper, None
    if wrapper is not None:
        wrapper.close()
