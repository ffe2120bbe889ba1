"""Sharing an award: copy its public link, add it to LinkedIn, or email it.

Each share is counted (``ShareEvent``: award, channel, time — never who received it) and the
first one stamps the enrolment's ``shared_at`` through learning's ``mark_shared`` (the
learner journey's last step). Emails sent by the platform go through the outbox and are
rate-limited per earner, so the feature cannot be used to send mail to strangers in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode
from uuid import UUID

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count

from credstack.accounts.models import User
from credstack.accounts.outbox import queue_email
from credstack.design.services import earner_name, linkedin_url
from credstack.issuance.models import Award, AwardStatus
from credstack.learning.errors import EnrolmentClosed
from credstack.learning.services import mark_shared
from credstack.problems import Conflict, InvalidInput, Problem
from credstack.verification.services import public_url

from ..models import ShareChannel, ShareEvent
from .wallet import own_award

#: Emails an earner may have the platform send per hour.
EMAILS_PER_HOUR = 10
_WINDOW_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class Shared:
    """A recorded share and where the earner goes next (LinkedIn, their mail app, or back)."""

    award: Award
    event: ShareEvent
    url: str


def mailto_url(award: Award) -> str:
    """A ``mailto:`` link with a subject and a body naming the credential and its public page."""
    subject = f"My credential: {award.credential.title}"
    body = (
        f"I earned {award.credential.title} from {award.issuer.name}.\n\n"
        f"You can check it is genuine here: {public_url(award)}\n"
    )
    return "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote)


def _take_email_allowance(user: User) -> None:
    key = f"credstack:share-email:{user.pk}"
    if cache.add(key, 1, _WINDOW_SECONDS):
        return
    try:
        sent = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, _WINDOW_SECONDS)
        return
    if sent > EMAILS_PER_HOUR:
        raise Problem(
            f"You can send {EMAILS_PER_HOUR} emails an hour; try again later.",
            code="RATE_LIMITED",
            status=429,
        )


def _clean_address(value: str) -> str:
    address = (value or "").strip()
    try:
        validate_email(address)
    except ValidationError as e:
        raise InvalidInput(
            f"{address[:80]!r} is not an email address.", code="EMAIL_INVALID"
        ) from e
    return address


def share_award(user: User, credential_uuid: UUID | str, channel: str, *, to: str = "") -> Shared:
    """Record one share of the earner's award on ``channel`` and give the link to follow.

    ``channel`` is ``copy``, ``linkedin``, ``mailto`` or ``email`` (``to`` is then the
    address the platform emails). A revoked credential cannot be shared (``AWARD_REVOKED``).
    """
    if channel not in ShareChannel.values:
        raise InvalidInput(
            f"channel must be one of {', '.join(ShareChannel.values)}.", code="CHANNEL_INVALID"
        )
    award = own_award(user, credential_uuid)
    if award.status == AwardStatus.REVOKED:
        raise Conflict("A revoked credential cannot be shared.", code="AWARD_REVOKED")
    address = _clean_address(to) if channel == ShareChannel.EMAIL else ""
    with transaction.atomic():
        if channel == ShareChannel.EMAIL:
            _take_email_allowance(user)
            queue_email(
                address,
                f"{earner_name(award)} shared a credential with you: {award.credential.title}",
                "integrations/email/share",
                {
                    "award": award,
                    "earner": earner_name(award),
                    "public_url": public_url(award),
                },
                category="share",
            )
        event = ShareEvent.objects.create(award=award, channel=channel)
        if award.enrolment is not None:
            try:
                mark_shared(award.enrolment)
            except EnrolmentClosed:
                pass  # a withdrawn enrolment keeps its record; the share still counts
    url = {
        ShareChannel.LINKEDIN: linkedin_url(award),
        ShareChannel.MAILTO: mailto_url(award),
    }.get(ShareChannel(channel), public_url(award))
    return Shared(award, event, url)


def share_counts(award_ids: list[int]) -> dict[int, int]:
    """How many times each award was shared, for the wallet's cards."""
    rows = (
        ShareEvent.objects.filter(award_id__in=award_ids).values("award_id").annotate(n=Count("id"))
    )
    return {row["award_id"]: row["n"] for row in rows}
