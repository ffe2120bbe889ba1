"""``Idempotency-Key`` for API POSTs: a retried request gets the first answer, never a twin.

The record is inserted (inside a savepoint) before the work and filled with the answer in the
same transaction. A concurrent duplicate blocks on the unique (user, key) insert until the
first commits, then finds its record and replays the answer; if the first failed and rolled
back, the duplicate simply does the work itself. The fingerprint (method, path, canonical JSON
body) separates a retry from a reused key with another request, which gets 409.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from credstack.accounts.models import User
from credstack.problems import Conflict, InvalidInput

from ..models import IdempotencyRecord

MAX_KEY = 200


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def check_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise InvalidInput(
            "Send an Idempotency-Key header (any unique string, e.g. a UUID).",
            code="IDEMPOTENCY_KEY_REQUIRED",
            status=400,
        )
    if len(key) > MAX_KEY or not key.isprintable():
        raise InvalidInput(
            f"The Idempotency-Key must be 1 to {MAX_KEY} printable characters.",
            code="IDEMPOTENCY_KEY_INVALID",
            status=400,
        )
    return key


@transaction.atomic
def run_once(
    user: User, key: str, print_: str, work: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any], bool]:
    """Run ``work`` once per (user, key); returns (status, body, replayed)."""
    key = check_key(key)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=print_)
    except IntegrityError:
        record = IdempotencyRecord.objects.get(user=user, key=key)
        if record.fingerprint != print_:
            raise Conflict(
                "This Idempotency-Key was used for a different request; use a new key.",
                code="IDEMPOTENCY_KEY_REUSED",
            ) from None
        assert record.response is not None
        return record.status_code, record.response, True
    status, body = work()
    record.status_code = status
    record.response = body
    record.save(update_fields=["status_code", "response"])
    return status, body, False
