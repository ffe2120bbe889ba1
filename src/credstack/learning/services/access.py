"""Who may see and act on what in the learning app.

A facilitator acts on an offering when they hold the facilitator role (or administrator) at the
credential's organisation, or are named as that offering's facilitator/mentor.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from credstack.accounts.models import Membership, Role, User
from credstack.accounts.permissions import has_role
from credstack.catalog.models import Offering

from ..models import Enrolment


def can_facilitate(user: User | AnonymousUser, offering: Offering) -> bool:
    """True when ``user`` facilitates ``offering`` (by role at its organisation, or by name)."""
    if not user.is_authenticated:
        return False
    if offering.facilitator_id == user.pk:
        return True
    return has_role(user, offering.credential.organisation_id, Role.FACILITATOR)


def require_facilitator(user: User | AnonymousUser, offering: Offering) -> None:
    """Raise PermissionDenied unless ``user`` facilitates ``offering``."""
    if not can_facilitate(user, offering):
        raise PermissionDenied("Only the offering's facilitators can do this.")


def _facilitating_organisation_ids(user: User) -> list[int]:
    # Queried on Membership itself: one row must carry both the user and the role.
    return list(
        Membership.objects.filter(
            user=user, role__in=[Role.FACILITATOR, Role.ADMINISTRATOR]
        ).values_list("organisation_id", flat=True)
    )


def facilitated_offerings(user: User | AnonymousUser) -> Q:
    """A filter on Offering for every offering ``user`` facilitates (matches nothing if none)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    org_ids = _facilitating_organisation_ids(user)  # type: ignore[arg-type]
    return Q(facilitator=user) | Q(credential__organisation_id__in=org_ids)


def is_facilitator(user: User | AnonymousUser) -> bool:
    """True when ``user`` facilitates at least one offering (or could, by role)."""
    if not user.is_authenticated:
        return False
    return (
        bool(_facilitating_organisation_ids(user))  # type: ignore[arg-type]
        or Offering.objects.filter(facilitator=user).exists()
    )


def require_enrolment_access(user: User | AnonymousUser, enrolment: Enrolment) -> None:
    """The learner sees their own enrolment; facilitators see those on their offerings."""
    if user.is_authenticated and enrolment.learner_id == user.pk:
        return
    if can_facilitate(user, enrolment.offering):
        return
    raise PermissionDenied("This enrolment is not yours.")
