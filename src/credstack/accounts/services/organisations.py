"""Organisation membership: administrators add people and give or take away roles.

Every change is audited in the same transaction. An organisation always keeps at least one
administrator, so nobody can lock everyone out by removing the last one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from credstack.problems import Conflict, InvalidInput, NotFound

from .. import audit
from ..models import Membership, Organisation, Role, User
from ..outbox import queue_email
from ..permissions import require_role
from .people import password_reset_url, unique_username


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"Unknown role {value!r}; use one of: {choices}.", code="ROLE_UNKNOWN"
        ) from None


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        raise NotFound(
            f"{organisation} has no membership with id {membership_id}.",
            code="MEMBERSHIP_NOT_FOUND",
        )
    return membership


def _keep_an_administrator(membership: Membership) -> None:
    if membership.role != Role.ADMINISTRATOR:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.ADMINISTRATOR
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise Conflict(
            f"{membership.user} is the last administrator of {membership.organisation}; "
            "make someone else an administrator first.",
            code="LAST_ADMINISTRATOR",
        )


def add_member(
    actor: User, organisation: Organisation, *, email: str, role: str, name: str = ""
) -> Membership:
    """Give the person with ``email`` a ``role`` at ``organisation`` and tell them by email.

    Someone without an account gets one with no password, and the email carries a link to
    choose it (an invitation). Administrators only.
    """
    require_role(actor, organisation)
    role_value = _role(role)
    email = email.strip()
    if "@" not in email or len(email) > 254:
        raise InvalidInput(f"{email!r} is not an email address.", code="EMAIL_INVALID")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        invited = user is None
        if user is None:
            user = User(username=unique_username(email), email=email, display_name=name.strip())
            user.set_unusable_password()
            user.save()
            audit.record(
                actor,
                "accounts.user.invited",
                user,
                organisation=organisation,
                after=audit.snapshot(user, ["username", "email", "display_name"]),
            )
        membership = grant_role(actor, organisation, user, role_value)
        queue_email(
            user.email,
            f"You have been added to {organisation} as {role_value.label}",
            "accounts/email/invitation",
            {
                "user": user,
                "inviter": actor,
                "organisation": organisation,
                "role_label": role_value.label,
                "set_password_url": password_reset_url(user) if invited else "",
                "login_url": _absolute(reverse("accounts:login")),
            },
            category="invitation",
        )
    return membership


def _absolute(path: str) -> str:
    return settings.BASE_URL + path


def grant_role(actor: User, organisation: Organisation, user: User, role: str) -> Membership:
    """Give ``user`` (already known) a ``role`` at ``organisation``. Administrators only."""
    require_role(actor, organisation)
    role_value = _role(role)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role_value
            )
            audit.record(
                actor, "accounts.membership.created", membership, after=audit.snapshot(membership)
            )
    except IntegrityError:
        raise Conflict(
            f"{user} is already {role_value.label} at {organisation}.", code="MEMBERSHIP_EXISTS"
        ) from None
    return membership


def change_role(
    actor: User, organisation: Organisation, membership_id: int, role: str
) -> Membership:
    """Change the role of one membership. Administrators only; keeps one administrator."""
    require_role(actor, organisation)
    role_value = _role(role)
    with transaction.atomic():
        membership = _membership(organisation, membership_id)
        if membership.role == role_value:
            return membership
        _keep_an_administrator(membership)
        if Membership.objects.filter(
            user=membership.user, organisation=organisation, role=role_value
        ).exists():
            raise Conflict(
                f"{membership.user} is already {role_value.label} at {organisation}.",
                code="MEMBERSHIP_EXISTS",
            )
        before = audit.snapshot(membership)
        membership.role = role_value
        membership.save(update_fields=["role"])
        audit.record(
            actor,
            "accounts.membership.updated",
            membership,
            before=before,
            after=audit.snapshot(membership),
        )
    return membership


def remove_membership(actor: User, organisation: Organisation, membership_id: int) -> Membership:
    """Take one role away from a member. Administrators only; keeps one administrator."""
    require_role(actor, organisation)
    with transaction.atomic():
        membership = _membership(organisation, membership_id)
        _keep_an_administrator(membership)
        before = audit.snapshot(membership)
        audit.record(actor, "accounts.membership.deleted", membership, before=before)
        membership.delete()
    return membership
