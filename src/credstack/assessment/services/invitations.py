"""Inviting an industry assessor to judge one credential, and withdrawing the invitation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Membership, Role, User
from credstack.catalog.models import MicroCredential
from credstack.problems import Conflict, InvalidInput

from ..models import AssessorInvitation
from .access import may_manage_invitations


@transaction.atomic
def invite_assessor(actor: User, credential: MicroCredential, email: str) -> AssessorInvitation:
    """Invite the industry assessor with ``email`` to assess ``credential`` (and only it)."""
    if not may_manage_invitations(actor, credential):
        raise PermissionDenied("Only assessors and QA managers of this organisation can invite.")
    invitee = User.objects.filter(email__iexact=email.strip()).first()
    if invitee is None:
        raise InvalidInput(
            f"No account uses the email address “{email.strip()}”.", code="USER_NOT_FOUND"
        )
    if not Membership.objects.filter(user=invitee, role=Role.INDUSTRY_ASSESSOR).exists():
        raise InvalidInput(
            f"{invitee} is not an industry assessor at any organisation; an administrator of "
            "their organisation must give them that role first.",
            code="NOT_AN_INDUSTRY_ASSESSOR",
        )
    try:
        with transaction.atomic():
            invitation = AssessorInvitation.objects.create(
                credential=credential, assessor=invitee, invited_by=actor
            )
    except IntegrityError as e:
        raise Conflict(
            f"{invitee} is already invited to assess this credential.", code="ALREADY_INVITED"
        ) from e
    record(
        actor,
        "assessment.invitation.created",
        invitation,
        organisation=credential.organisation,
        after=snapshot(invitation),
    )
    return invitation


@transaction.atomic
def revoke_invitation(actor: User, invitation: AssessorInvitation) -> AssessorInvitation:
    """Withdraw an invitation: the industry assessor no longer sees or judges the credential."""
    invitation = AssessorInvitation.objects.select_for_update().get(pk=invitation.pk)
    credential = invitation.credential
    if not may_manage_invitations(actor, credential):
        raise PermissionDenied("Only assessors and QA managers of this organisation can revoke.")
    if invitation.revoked_at is not None:
        raise Conflict("This invitation was already revoked.", code="ALREADY_REVOKED")
    before = snapshot(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor,
        "assessment.invitation.revoked",
        invitation,
        organisation=credential.organisation,
        before=before,
        after=snapshot(invitation),
    )
    return invitation
