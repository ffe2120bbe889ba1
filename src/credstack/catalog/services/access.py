"""Which organisation a member of staff is acting for, and who may see unpublished products."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from credstack.accounts.models import Organisation, Role, User
from credstack.accounts.permissions import has_role, staff_organisations
from credstack.problems import Forbidden, InvalidInput

from ..models import Lifecycle, MicroCredential

# Roles that take part in designing and reviewing products, and so see drafts.
CATALOGUE_STAFF = (Role.DESIGNER, Role.QA_MANAGER)


def acting_organisation(user: User | AnonymousUser, slug: str | None, *roles: str) -> Organisation:
    """The organisation ``user`` acts for: the one named by ``slug``, or their only one.

    Raises ``Forbidden`` when the user holds none of ``roles`` anywhere (or at ``slug``), and
    ``ORGANISATION_REQUIRED`` when they hold them at several and did not say which.
    """
    candidates = staff_organisations(user, roles)
    if slug:
        for organisation in candidates:
            if organisation.slug == slug:
                return organisation
        raise Forbidden(f"You do not hold the needed role at organisation {slug!r}.")
    if not candidates:
        raise Forbidden("This needs a designer or QA/release manager role at an organisation.")
    if len(candidates) > 1:
        raise InvalidInput(
            "You work for several organisations; say which one (organisation).",
            code="ORGANISATION_REQUIRED",
        )
    return candidates[0]


def can_see(user: User | AnonymousUser, credential: MicroCredential) -> bool:
    """Published products are public; other states only to the organisation's catalogue staff."""
    if credential.status == Lifecycle.PUBLISHED:
        return True
    return has_role(user, credential.organisation_id, *CATALOGUE_STAFF)
