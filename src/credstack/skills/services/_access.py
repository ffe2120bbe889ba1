"""Who may change a framework or a credential's alignments, and when a framework is read-only."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from credstack.accounts.models import Organisation, Role, User
from credstack.accounts.permissions import has_role, require_role
from credstack.problems import Conflict

from ..models import Framework

# Designers curate the framework; administrators hold every role. Reading staff pages (the tree
# with edit links, coverage) is open to anyone on the organisation's staff.
DESIGN_ROLES = (Role.DESIGNER,)
READ_ROLES = tuple(Role)


def can_design(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    return organisation is not None and has_role(user, organisation, *DESIGN_ROLES)


def require_designer(user: User | AnonymousUser, organisation: Organisation | None) -> None:
    """Raise PermissionDenied unless ``user`` is a designer (or administrator) there."""
    if organisation is None:
        # Shared frameworks with no owner are reference data: nobody edits them in place.
        raise PermissionDenied("This framework has no owning organisation; it is read-only.")
    require_role(user, organisation, *DESIGN_ROLES)


def require_staff(user: User | AnonymousUser, organisation: Organisation | None) -> None:
    """Raise PermissionDenied unless ``user`` holds any staff role at ``organisation``."""
    if organisation is None or not has_role(user, organisation, *READ_ROLES):
        raise PermissionDenied("This page is for the organisation's staff.")


def require_editable(framework: Framework, user: User | AnonymousUser) -> None:
    """A framework is changed by its designers, and only while it is the current version."""
    require_designer(user, framework.organisation)
    if framework.is_superseded:
        raise Conflict(
            f"{framework} has a newer version; old versions stay unchanged for the "
            "credentials aligned to them. Edit the newest version instead.",
            code="FRAMEWORK_SUPERSEDED",
        )
