"""The design app's services: badge designs, images, accessibility checks and award delivery.

Other apps call these: catalog calls :func:`badge_publish_blockers` before publishing, issuance
calls :func:`achievement_badge_png` (the Achievement image) and :func:`validate_holder_did`.
"""

from __future__ import annotations

from credstack.catalog.models import MicroCredential

from .certificate import certificate_pdf
from .checks import (
    ContrastPair,
    Finding,
    badge_publish_blockers,
    check_badge,
    check_spec,
    contrast_pairs,
    design_for,
    design_for_many,
)
from .delivery import (
    Celebration,
    award_for_download,
    baked_badge,
    celebration,
    download_name,
    earner_name,
    linkedin_url,
    may_download,
    public_url,
    validate_holder_did,
)
from .designs import parse_choices, save_design
from .extras import (
    CelebrationExtras,
    ExtraDownload,
    celebration_extras,
    register_celebration_extras,
)
from .images import BadgeImage, achievement_image, badge_spec, credential_image, render
from .resolve import DesignChoices, current_version, resolve_spec, suggested_alt_text


def achievement_badge_png(credential: MicroCredential) -> bytes:
    """The badge PNG of ``credential`` (issuance's hook for the Achievement image)."""
    return credential_image(credential, "png").content


__all__ = [
    "BadgeImage",
    "Celebration",
    "CelebrationExtras",
    "ContrastPair",
    "DesignChoices",
    "ExtraDownload",
    "Finding",
    "achievement_badge_png",
    "achievement_image",
    "award_for_download",
    "badge_publish_blockers",
    "badge_spec",
    "baked_badge",
    "celebration",
    "celebration_extras",
    "certificate_pdf",
    "check_badge",
    "check_spec",
    "contrast_pairs",
    "current_version",
    "design_for",
    "design_for_many",
    "download_name",
    "earner_name",
    "linkedin_url",
    "may_download",
    "parse_choices",
    "public_url",
    "register_celebration_extras",
    "render",
    "resolve_spec",
    "save_design",
    "suggested_alt_text",
    "validate_holder_did",
]
