"""Open Badges 2.0 hosted documents and baked PNGs for every award (OB 2.0, IMS Final 2018).

Hosts and backpacks that only speak OB 2.0 (Moodle, Canvas, older backpacks) import an award
by the URL of its hosted ``Assertion``; the assertion names its ``BadgeClass``, which names its
``Issuer``. All three are made from the signed OB 3.0 credential by
:func:`credstack.vc.ob2.ob2_documents`, so the 2.0 view can never say more than the signed
record. OB 2.0 §"Hosted Verification": the assertion is trusted because it is served from the
issuer's origin at its own ``id``; a revoked assertion answers HTTP 410 Gone with
``{"revoked": true, "revocationReason": …}``. OB 2.0 has no suspension, so a suspended award
answers the same way (with a reason saying it is suspended) until the suspension is lifted:
a consumer must not treat a suspended credential as valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings

from credstack.design.services import credential_image
from credstack.issuance.models import Award, AwardStatus, IssuerProfile
from credstack.problems import Conflict, NotFound
from credstack.vc.baking import bake_ob2_png
from credstack.vc.errors import CredentialMalformed
from credstack.vc.ob2 import OB2_CONTEXT, ob2_documents

PUBLIC_STATUSES = (AwardStatus.ISSUED, AwardStatus.SUSPENDED, AwardStatus.REVOKED)
GONE_STATUSES = (AwardStatus.SUSPENDED, AwardStatus.REVOKED)


def _base() -> str:
    return str(settings.BASE_URL).rstrip("/")


def assertion_url(award: Award) -> str:
    return f"{_base()}/ob2/assertions/{award.credential_uuid}"


def badge_url(award: Award) -> str:
    return f"{_base()}/ob2/badges/{award.credential_lineage}"


def issuer_ob2_url(issuer: IssuerProfile) -> str:
    return f"{_base()}/ob2/issuers/{issuer.slug}"


def _published() -> Any:
    return Award.objects.filter(
        status__in=PUBLIC_STATUSES, credential_json__isnull=False
    ).select_related("issuer__organisation", "credential")


def _documents(award: Award) -> dict[str, dict[str, Any]]:
    issuer = award.issuer
    assert award.credential_json is not None
    try:
        return ob2_documents(
            award.credential_json,
            assertion_url=assertion_url(award),
            badge_url=badge_url(award),
            issuer_url=issuer_ob2_url(issuer),
            badge_image_url=(
                f"{_base()}/issuers/{issuer.slug}/achievements/{award.credential_lineage}/image.png"
            ),
            # OB 2.0 requires an issuer url and email; the OB 3.0 profile may lack them.
            issuer_homepage=issuer.url or f"{_base()}/issuers/{issuer.slug}",
            issuer_email=issuer.email
            or issuer.organisation.email
            or str(settings.DEFAULT_FROM_EMAIL),
        )
    except CredentialMalformed as e:
        raise Conflict(
            f"No Open Badges 2.0 view can be made of this credential: {e}", code="OB2_UNAVAILABLE"
        ) from e


@dataclass(frozen=True, slots=True)
class HostedDocument:
    """A hosted OB 2.0 document and the HTTP status it is served with (200, or 410 Gone)."""

    status: int
    document: dict[str, Any]


def _award(credential_uuid: UUID | str) -> Award:
    try:
        key = UUID(str(credential_uuid))
    except ValueError as e:
        raise NotFound("There is no such assertion.", code="ASSERTION_NOT_FOUND") from e
    award = _published().filter(credential_uuid=key).first()
    if award is None:
        raise NotFound("There is no such assertion.", code="ASSERTION_NOT_FOUND")
    return award


def hosted_assertion(credential_uuid: UUID | str) -> HostedDocument:
    """The award's hosted ``Assertion``; for a revoked or suspended award, the 410 body."""
    award = _award(credential_uuid)
    if award.status in GONE_STATUSES:
        reason = award.status_reason or "The issuer withdrew this credential."
        if award.status == AwardStatus.SUSPENDED:
            reason = f"Suspended by the issuer: {reason}"
        return HostedDocument(
            410,
            {
                "@context": OB2_CONTEXT,
                "id": assertion_url(award),
                "type": "Assertion",
                "revoked": True,
                "revocationReason": reason,
            },
        )
    return HostedDocument(200, _documents(award)["assertion"])


def hosted_badge(lineage: UUID | str) -> dict[str, Any]:
    """The ``BadgeClass`` of a credential lineage, as signed in its newest award."""
    try:
        key = UUID(str(lineage))
    except ValueError as e:
        raise NotFound("There is no such badge.", code="BADGE_NOT_FOUND") from e
    award = _published().filter(credential_lineage=key).order_by("-issued_at", "-pk").first()
    if award is None:
        raise NotFound("There is no such badge.", code="BADGE_NOT_FOUND")
    return _documents(award)["badge"]


def hosted_issuer(slug: str) -> dict[str, Any]:
    """The issuer's OB 2.0 ``Issuer`` profile (from the profile in its newest credential)."""
    award = _published().filter(issuer__slug=slug).order_by("-issued_at", "-pk").first()
    if award is None:
        raise NotFound("There is no such issuer.", code="ISSUER_NOT_FOUND")
    return _documents(award)["issuer"]


def baked_ob2_png(credential_uuid: UUID | str) -> bytes:
    """The award's badge PNG with its hosted assertion baked in (OB 2.0 Baking, ``openbadges``).

    A revoked or suspended award has no current assertion to bake: ``Conflict``
    ``ASSERTION_GONE`` (the view answers 410).
    """
    hosted = hosted_assertion(credential_uuid)
    if hosted.status != 200:
        raise Conflict(
            "This credential was withdrawn by its issuer; there is nothing to bake.",
            code="ASSERTION_GONE",
            status=410,
        )
    award = _award(credential_uuid)
    image = credential_image(award.credential, "png").content
    return bake_ob2_png(image, hosted.document)
