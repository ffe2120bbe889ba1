"""What an earner gets with an award: baked badges, sharing links and the celebration page.

Baked images are made on each download from the cached badge image (OB 3.0 §"Baked Badge"),
never stored per award: the credential is already stored once as ``Award.credential_json``.
Issuance owns awards; this module only reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from credstack.accounts.models import Role, User
from credstack.accounts.permissions import has_role
from credstack.catalog.models import Stack
from credstack.catalog.services import StackProgress, stack_progress, where_it_leads
from credstack.issuance.models import Award, AwardStatus
from credstack.problems import InvalidInput, NotFound
from credstack.vc.baking import bake_png, bake_svg

from .extras import ExtraDownload, celebration_extras
from .images import BadgeImage, credential_image

#: Staff of the issuer who may download an earner's artefacts (administrators hold every role).
STAFF_ROLES = (Role.BADGE_ISSUER, Role.QA_MANAGER)
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"

# did:key with a multibase base58btc key; did:web host[:port-encoded][:path]* (DID Core §3.1).
_DID_KEY = re.compile(r"did:key:z[1-9A-HJ-NP-Za-km-z]{40,120}")
_DID_WEB = re.compile(
    r"did:web:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:%3[aA][0-9]{1,5})?"
    r"(?::[A-Za-z0-9._~-]+|:%[0-9A-Fa-f]{2})*"
)


def public_url(award: Award) -> str:
    """The award's public verification page (served by the verification app)."""
    return f"{settings.BASE_URL}/credentials/{award.credential_uuid}"


def is_earner(user: User | AnonymousUser, award: Award) -> bool:
    return bool(user.is_authenticated and award.recipient_user_id == user.pk)


def may_download(user: User | AnonymousUser, award: Award) -> bool:
    """The earner, and the issuer's badge issuers and QA/release managers."""
    return is_earner(user, award) or has_role(user, award.issuer.organisation_id, *STAFF_ROLES)


def award_for_download(user: User | AnonymousUser, credential_uuid: str) -> Award:
    """The issued award ``credential_uuid`` if ``user`` may have its files; 404 otherwise.

    Refusals look exactly like a missing award, so nobody can probe for other people's awards.
    """
    try:
        key = UUID(str(credential_uuid))
    except ValueError as e:
        raise NotFound("There is no such award.", code="AWARD_NOT_FOUND") from e
    award = (
        Award.objects.select_related(
            "credential__organisation", "credential__level__scale", "issuer"
        )
        .filter(credential_uuid=key)
        .first()
    )
    if award is None or not may_download(user, award):
        raise NotFound("There is no such award.", code="AWARD_NOT_FOUND")
    if not award.credential_json:
        raise NotFound("This award has not been issued yet.", code="AWARD_NOT_ISSUED")
    return award


def baked_badge(award: Award, fmt: str) -> BadgeImage:
    """The award's badge image with its signed credential baked in (PNG iTXt or SVG element)."""
    image = credential_image(award.credential, fmt)
    bake = bake_png if fmt == "png" else bake_svg
    assert award.credential_json is not None
    return BadgeImage(bake(image.content, award.credential_json), image.content_type, "")


def download_name(award: Award, extension: str) -> str:
    slug = (
        re.sub(r"[^a-z0-9]+", "-", award.credential.title.lower()).strip("-")[:60] or "credential"
    )
    return f"{slug}-{str(award.credential_uuid)[:8]}.{extension}"


def linkedin_url(award: Award) -> str:
    """LinkedIn's "Add certification" link, pre-filled (name, organisation, dates, id, URL)."""
    issued = award.issued_at or award.created_at
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": award.credential.title,
        "organizationName": award.issuer.name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": public_url(award),
        "certId": str(award.credential_uuid),
    }
    if award.valid_until:
        params["expirationYear"] = award.valid_until.year
        params["expirationMonth"] = award.valid_until.month
    return f"{LINKEDIN_ADD}?{urlencode(params)}"


def validate_holder_did(value: str) -> str:
    """A DID the earner controls, as given on the claim form: ``did:key`` or ``did:web`` only.

    Returns the DID stripped of surrounding space (empty when none was given); anything else
    raises ``InvalidInput`` with code ``BAD_DID`` naming the value.
    """
    did = (value or "").strip()
    if not did:
        return ""
    if len(did) > 500 or not (_DID_KEY.fullmatch(did) or _DID_WEB.fullmatch(did)):
        raise InvalidInput(
            f"{did[:80]!r} is not a DID we can bind: use did:key:z6Mk… or did:web:example.org.",
            code="BAD_DID",
        )
    return did


@dataclass(frozen=True)
class Onward:
    stack: Stack
    progress: StackProgress


@dataclass(frozen=True)
class Celebration:
    award: Award
    earner_name: str
    issued_on: datetime
    public_url: str
    linkedin_url: str
    image_url: str
    skills: list[str]
    stacks: list[Onward]
    pathways: list[object]
    is_earner: bool
    status_note: str
    # Added by outer apps (design.services.extras): the counted share endpoint and, for a
    # completed stack, the learner record download. None / empty without them.
    share_action: str | None = None
    extra_downloads: list[ExtraDownload] = field(default_factory=list)


def earner_name(award: Award) -> str:
    """The name to show for ``award``'s earner: as awarded, else the account's, else the email."""
    user = award.recipient_user
    full = user.get_full_name() if user is not None else ""
    return award.recipient_name or full or award.recipient_email or "The earner"


def skills_of(award: Award) -> list[str]:
    """Skill names the credential is aligned to, from the signed credential as issued."""
    achievement = ((award.credential_json or {}).get("credentialSubject") or {}).get(
        "achievement"
    ) or {}
    names = [
        a.get("targetName", "") for a in achievement.get("alignment") or [] if isinstance(a, dict)
    ]
    return [n for n in names if isinstance(n, str) and n][:12]


def celebration(user: User, award: Award, image_url: str) -> Celebration:
    """Everything the celebration page shows for ``award`` (downloads are linked by the view)."""
    routes = where_it_leads(award.credential)
    earned = (
        set(
            Award.objects.filter(
                recipient_user=award.recipient_user, status=AwardStatus.ISSUED
            ).values_list("credential_id", flat=True)
        )
        if award.recipient_user_id
        else {award.credential_id}
    )
    note = ""
    if award.status != AwardStatus.ISSUED:
        note = f"This credential is {award.get_status_display().lower()}."
    elif award.valid_until and award.valid_until <= timezone.now():
        note = "This credential has expired."
    extras = celebration_extras(user, award)
    return Celebration(
        award=award,
        earner_name=earner_name(award),
        issued_on=award.issued_at or award.created_at,
        public_url=public_url(award),
        linkedin_url=linkedin_url(award),
        image_url=image_url,
        skills=skills_of(award),
        stacks=[Onward(s, stack_progress(s, earned)) for s in routes.stacks],
        pathways=list(routes.pathways),
        is_earner=is_earner(user, award),
        status_note=note,
        share_action=extras.share_action,
        extra_downloads=extras.downloads,
    )
