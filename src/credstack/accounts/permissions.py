"""Who may do what: roles held through memberships, checked on every page and endpoint."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from .models import Membership, Organisation, Role, User


def roles_at(user: User | AnonymousUser, organisation: Organisation | int) -> set[str]:
    """Return the roles ``user`` holds at ``organisation`` (empty for anonymous users)."""
    if not user.is_authenticated:
        return set()
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    cache: dict[int, set[str]] = user.__dict__.setdefault("_credstack_roles", {})
    if org_id not in cache:
        cache[org_id] = set(
            Membership.objects.filter(user=user, organisation_id=org_id).values_list(
                "role", flat=True
            )
        )
    return cache[org_id]


def has_role(user: User | AnonymousUser, organisation: Organisation | int, *roles: str) -> bool:
    """True when ``user`` holds any of ``roles`` at ``organisation``; administrators hold all."""
    held = roles_at(user, organisation)
    return Role.ADMINISTRATOR in held or bool(held.intersection(roles))


def require_role(user: User | AnonymousUser, organisation: Organisation | int, *roles: str) -> None:
    """Raise PermissionDenied (a 403 page or problem detail) unless ``user`` holds a role."""
    if not has_role(user, organisation, *roles):
        names = ", ".join(Role(r).label for r in roles) or "Administrator"
        raise PermissionDenied(f"This needs one of these roles at {organisation}: {names}.")


def staff_organisations(
    user: User | AnonymousUser, roles: Iterable[str] = ()
) -> list[Organisation]:
    """Organisations where ``user`` holds any of ``roles`` (any role when none are given)."""
    if not user.is_authenticated:
        return []
    # One filter() call, so the user and the role are matched on the same membership row
    # (two calls would join memberships twice and match other people's roles).
    wanted = set(roles)
    if wanted:
        qs = Organisation.objects.filter(
            memberships__user=user, memberships__role__in=wanted | {Role.ADMINISTRATOR}
        )
    else:
        qs = Organisation.objects.filter(memberships__user=user)
    return list(qs.distinct())
