"""Who may do what in issuance. Administrators hold every role (accounts.permissions).

| action | roles |
|---|---|
| see awards, the approval queue | badge issuer, QA/release manager |
| request an award (manual, API) | badge issuer |
| approve or reject | QA/release manager (never the requester: four eyes) |
| revoke, suspend, un-suspend | badge issuer, QA/release manager |
| edit release rules | designer, QA/release manager |
| issuer profile, key rotation, webhook sources | administrator |
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from credstack.accounts.models import Organisation, Role, User
from credstack.accounts.permissions import has_role, require_role, staff_organisations

AnyUser = User | AnonymousUser

VIEW_ROLES = (Role.BADGE_ISSUER, Role.QA_MANAGER)
REQUEST_ROLES = (Role.BADGE_ISSUER,)
APPROVE_ROLES = (Role.QA_MANAGER,)
STATUS_ROLES = (Role.BADGE_ISSUER, Role.QA_MANAGER)
RULE_ROLES = (Role.DESIGNER, Role.QA_MANAGER)
ADMIN_ROLES: tuple[str, ...] = ()


def require(user: AnyUser, organisation: Organisation | int, roles: tuple[str, ...]) -> None:
    """Raise PermissionDenied unless ``user`` holds one of ``roles`` (or is an administrator)."""
    require_role(user, organisation, *roles)


def may(user: AnyUser, organisation: Organisation | int, roles: tuple[str, ...]) -> bool:
    return has_role(user, organisation, *roles)


def organisations_for(user: AnyUser, roles: tuple[str, ...]) -> list[Organisation]:
    """Organisations where ``user`` holds one of ``roles`` (administrators: every role)."""
    return staff_organisations(user, roles or (Role.ADMINISTRATOR,))
