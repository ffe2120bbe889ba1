"""Reading the audit log: filters shared by the audit page and the API, and before/after diffs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from .models import AuditEntry, Organisation


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; every part is optional and they combine with AND."""

    action: str = ""  # a prefix: "accounts." or "accounts.membership" or a full code
    actor: str = ""  # part of the actor's username or email
    object_type: str = ""  # e.g. "accounts.membership"
    object_id: str = ""
    since: dt.date | None = None  # inclusive
    until: dt.date | None = None  # inclusive


def search(organisation: Organisation, wanted: AuditFilter) -> QuerySet[AuditEntry]:
    """Entries about ``organisation`` matching ``wanted``, newest first."""
    qs = AuditEntry.objects.filter(organisation=organisation).select_related("actor")
    if wanted.action:
        qs = qs.filter(action__startswith=wanted.action.strip())
    if wanted.actor:
        term = wanted.actor.strip()
        qs = qs.filter(
            Q(actor_label__icontains=term)
            | Q(actor__username__icontains=term)
            | Q(actor__email__icontains=term)
        )
    if wanted.object_type:
        qs = qs.filter(object_type=wanted.object_type.strip().lower())
    if wanted.object_id:
        qs = qs.filter(object_id=wanted.object_id.strip())
    if wanted.since:
        qs = qs.filter(created_at__date__gte=wanted.since)
    if wanted.until:
        qs = qs.filter(created_at__date__lte=wanted.until)
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        """added, removed or changed: how a reader should show the row."""
        if self.before is _MISSING:
            return "added"
        if self.after is _MISSING:
            return "removed"
        return "changed"


class _Missing:
    def __repr__(self) -> str:
        return "—"

    def __str__(self) -> str:
        return "—"


_MISSING: Any = _Missing()


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """The fields that differ between two snapshots, in a stable (alphabetical) order."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    changes = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, _MISSING), new.get(name, _MISSING)
        if a != b:
            changes.append(FieldChange(name, a, b))
    return changes
