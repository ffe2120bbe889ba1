"""Template tags that fill issuance's claimed page (its celebration, more_downloads and share
blocks) with the design app's celebration, baked downloads and sharing links."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from credstack.issuance.models import Award

from .. import services

register = template.Library()


def _celebration(context: template.Context, award: Award) -> dict[str, Any]:
    request = context["request"]
    image_url = reverse(
        "design:achievement_image_png", args=[award.issuer.slug, str(award.credential_lineage)]
    )
    return {"c": services.celebration(request.user, award, image_url), "request": request}


@register.inclusion_tag("design/_celebrate_hero.html", takes_context=True)
def design_celebration(context: template.Context, award: Award) -> dict[str, Any]:
    """The hero (badge, congratulations), what was achieved and what it leads to."""
    return _celebration(context, award)


@register.inclusion_tag("design/_celebrate_downloads.html", takes_context=True)
def design_downloads(context: template.Context, award: Award) -> dict[str, Any]:
    """Baked PNG, baked SVG and the PDF certificate."""
    return _celebration(context, award)


@register.inclusion_tag("design/_celebrate_share.html", takes_context=True)
def design_share(context: template.Context, award: Award) -> dict[str, Any]:
    """Add to LinkedIn and the public link with a copy button."""
    return _celebration(context, award)
