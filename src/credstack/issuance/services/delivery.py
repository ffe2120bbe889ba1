"""Delivery and claim: the earner is emailed a claim link and binds the award to their account.

Only a SHA-256 hash of the claim token is stored, so a database reader cannot claim awards.
The link stays valid for its owner after claiming (they may come back to download).
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.accounts.models import User
from credstack.accounts.outbox import queue_email
from credstack.problems import Conflict, NotFound

from ..models import Award, AwardStatus
from .issuers import absolute


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def send_claim_email(award: Award) -> str | None:
    """Give ``award`` a fresh claim token and queue the email with the link (once per award).

    Returns the token (for the caller's own use, never stored), or None for a recipient known
    only by DID, who has no address to write to.
    """
    if not award.recipient_email:
        return None
    token = secrets.token_urlsafe(32)
    award.claim_token_hash = token_hash(token)
    award.save(update_fields=["claim_token_hash"])
    claim_url = absolute(reverse("issuance:claim", args=[token]))
    queue_email(
        award.recipient_email,
        f"Your credential: {award.credential.title}",
        "issuance/email/claim",
        {"award": award, "claim_url": claim_url, "issuer_name": award.issuer.name},
        category="issuance.claim",
        dedupe_key=f"issuance:award:{award.pk}:claim",
    )
    return token


def award_for_token(token: str) -> Award:
    award = (
        Award.objects.select_related("credential", "issuer")
        .filter(claim_token_hash=token_hash(token or ""))
        .exclude(claim_token_hash="")
        .first()
    )
    if award is None:
        raise NotFound("This claim link is not valid.", code="CLAIM_INVALID")
    return award


@transaction.atomic
def claim_award(user: User, token: str, *, did: str = "") -> Award:
    """Bind the award behind ``token`` to ``user``; with a ``did``, re-issue it to that DID.

    The credential itself is never edited: naming a DID the earner controls makes a corrected
    credential whose subject is the DID (the old one is revoked as superseded).
    """
    from .issuing import reissue_award  # issuing imports this module for delivery

    award = award_for_token(token)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.recipient_user_id not in (None, user.pk):
        raise Conflict("This credential was claimed by another account.", code="CLAIM_TAKEN")
    if award.status not in (AwardStatus.ISSUED, AwardStatus.SUSPENDED):
        raise Conflict(
            f"This credential is {award.get_status_display().lower()}.", code="CLAIM_NOT_AVAILABLE"
        )
    if award.recipient_user_id is None:
        award.recipient_user = user
        award.claimed_at = timezone.now()
        award.save(update_fields=["recipient_user", "claimed_at"])
        record(user, "issuance.award.claimed", award, organisation=award.issuer.organisation)
    did = did.strip()
    if did and did != award.recipient_did:
        award = reissue_award(None, award, {"recipient_did": did})
        # The new award inherits the claim; the same link now leads to it.
        Award.objects.filter(claim_token_hash=token_hash(token)).update(claim_token_hash="")
        Award.objects.filter(pk=award.pk).update(claim_token_hash=token_hash(token))
        record(
            user,
            "issuance.award.claimed",
            award,
            organisation=award.issuer.organisation,
            note="re-issued to the earner's DID",
        )
    return award
