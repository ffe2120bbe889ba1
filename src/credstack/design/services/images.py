"""Rendered badge images, cached by the digest of everything they show.

A change to the design, the credential's title or level, or the issuer's brand changes the
digest, so a stale image is never served; an unchanged badge is drawn once per cache lifetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.cache import cache
from django.db.models import Q

from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.problems import NotFound

from ..badge import BadgeSpec, render_png, render_svg
from .checks import design_for
from .resolve import DesignChoices, current_version, resolve_spec

CACHE_SECONDS = 24 * 3600
PUBLIC_STATUSES = (Lifecycle.PUBLISHED, Lifecycle.RETIRED)


@dataclass(frozen=True)
class BadgeImage:
    content: bytes
    content_type: str
    digest: str  # the ETag: changes whenever anything drawn changes


def badge_spec(credential: MicroCredential) -> BadgeSpec:
    """The badge of ``credential`` as its lineage's saved design (or the automatic one) draws it."""
    return resolve_spec(credential, DesignChoices.of(design_for(credential)))


def render(spec: BadgeSpec, fmt: str, *, size: int = 512) -> BadgeImage:
    """``spec`` drawn as ``"svg"`` or ``"png"``, from the cache when drawn before."""
    if fmt not in ("svg", "png"):
        raise NotFound(f"Badge images come as .svg or .png, not .{fmt}.")
    digest = spec.digest()
    key = f"design:badge:{digest}:{fmt}:{size}"
    content = cache.get(key)
    if content is None:
        svg = render_svg(spec)
        content = svg.encode("utf-8") if fmt == "svg" else render_png(svg, size=size)
        cache.set(key, content, CACHE_SECONDS)
    return BadgeImage(
        content, "image/svg+xml" if fmt == "svg" else "image/png", f"{digest}-{fmt}-{size}"
    )


def credential_image(credential: MicroCredential, fmt: str) -> BadgeImage:
    return render(badge_spec(credential), fmt)


def achievement_image(issuer_slug: str, lineage: str, fmt: str) -> BadgeImage:
    """The public badge image of a published (or retired) product, by issuer slug and lineage.

    The issuer is named by its organisation's slug or its issuer profile's slug. Drafts and
    products under review are not public: they answer 404 like a lineage that does not exist.
    """
    try:
        lineage_id = UUID(lineage)
    except ValueError as e:
        raise NotFound("No such badge.") from e
    owned = MicroCredential.objects.filter(lineage=lineage_id).filter(
        Q(organisation__slug=issuer_slug) | Q(organisation__issuer_profile__slug=issuer_slug)
    )
    if not owned.filter(status__in=PUBLIC_STATUSES).exists():
        raise NotFound("No such badge.")
    credential = current_version(lineage_id)
    if credential is None or credential.status not in PUBLIC_STATUSES:
        # A retired product with a draft successor shows the badge its earners received.
        credential = owned.filter(status__in=PUBLIC_STATUSES).order_by("-version").first()
    assert credential is not None
    return credential_image(credential, fmt)
