"""The audit log's one writer: every mutating staff action calls :func:`record`."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry, Organisation, User


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Return the concrete field values of ``instance`` (for an entry's before/after)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        data[field.name] = (
            value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        )
    return data


def record(
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    organisation: Organisation | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append an audit entry for ``action`` (a namespaced code like ``catalog.credential.approved``).

    Call it inside the transaction that makes the change, so the entry and the change commit
    or roll back together.
    """
    if "." not in action:
        raise ValueError(
            f"audit action {action!r} must be namespaced, e.g. 'catalog.credential.created'"
        )
    if organisation is None and isinstance(obj, Organisation):
        organisation = obj  # an action on the organisation itself belongs to its log
    elif organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
        if not isinstance(organisation, Organisation):
            organisation = None
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor.email or actor.username)
        if actor is not None and actor.is_authenticated
        else "system",
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
        note=note,
    )
