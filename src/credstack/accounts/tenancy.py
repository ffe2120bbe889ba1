"""The organisation a member of staff is working in right now (the org switcher).

A person may be staff at several organisations; the current one is kept in the session and
checked against their memberships on every request, so a removed membership takes effect at
once. Pages that act "at my organisation" use :func:`current_organisation`.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import Membership, Organisation

SESSION_KEY = "credstack_organisation_id"


def memberships_by_organisation(request: HttpRequest) -> dict[Organisation, set[str]]:
    """The requesting user's roles per organisation, loaded once per request (one query).

    It also fills the permission module's per-user role cache, so ``has_role`` checks on the
    same request cost nothing more.
    """
    cached: dict[Organisation, set[str]] | None = getattr(request, "_credstack_memberships", None)
    if cached is not None:
        return cached
    result: dict[Organisation, set[str]] = {}
    user = request.user
    if user.is_authenticated:
        for membership in Membership.objects.filter(user=user).select_related("organisation"):
            result.setdefault(membership.organisation, set()).add(membership.role)
        role_cache: dict[int, set[str]] = user.__dict__.setdefault("_credstack_roles", {})
        for organisation, roles in result.items():
            role_cache.setdefault(organisation.pk, roles)
    request._credstack_memberships = result  # type: ignore[attr-defined]
    return result


def current_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation chosen in the switcher, else the user's first (by name), else None."""
    organisations = memberships_by_organisation(request)
    if not organisations:
        return None
    chosen = request.session.get(SESSION_KEY)
    for organisation in organisations:
        if organisation.pk == chosen:
            return organisation
    return min(organisations, key=lambda o: (o.name, o.pk))


def choose_organisation(request: HttpRequest, organisation_id: int) -> Organisation | None:
    """Make ``organisation_id`` current if the user is a member there; None when not."""
    for organisation in memberships_by_organisation(request):
        if organisation.pk == organisation_id:
            request.session[SESSION_KEY] = organisation.pk
            return organisation
    return None
