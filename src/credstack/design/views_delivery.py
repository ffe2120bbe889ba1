"""Award delivery pages: the celebration page, downloads, and the public Achievement image."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from credstack.problems import NotFound

from . import services

PUBLIC_IMAGE_CACHE = "public, max-age=3600, stale-while-revalidate=86400"


def not_found_as_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Services say NotFound; pages answer with the site's 404 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as e:
            raise Http404(e.detail) from e

    return wrapper


@require_GET
@not_found_as_404
def achievement_image(request: HttpRequest, slug: str, lineage: str, fmt: str) -> HttpResponse:
    """The badge of a published product (the Achievement ``image``), public and cacheable."""
    image = services.achievement_image(slug, lineage, fmt)
    etag = quote_etag(image.digest)
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(image.content, content_type=image.content_type)
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_IMAGE_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    if fmt == "svg":
        # Our own SVG has no script, but say so to browsers opening it directly.
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    return response


@login_required
@require_GET
@not_found_as_404
def download(request: HttpRequest, credential_uuid: UUID, kind: str) -> HttpResponse:
    """The award as a baked PNG, a baked SVG or a PDF certificate (earner and issuer staff)."""
    award = services.award_for_download(request.user, str(credential_uuid))
    if kind == "pdf":
        content, content_type = services.certificate_pdf(award), "application/pdf"
    else:
        image = services.baked_badge(award, kind)
        content, content_type = image.content, image.content_type
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{services.download_name(award, kind)}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@not_found_as_404
def celebrate(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """What the earner achieved, their badge, where it leads, downloads and sharing."""
    award = services.award_for_download(request.user, str(credential_uuid))
    image_url = reverse(
        "design:achievement_image_png", args=[award.issuer.slug, str(award.credential_lineage)]
    )
    context = {
        "c": services.celebration(request.user, award, image_url),  # type: ignore[arg-type]
        "json_url": _json_url(award),
    }
    return render(request, "design/celebrate.html", context)


def _json_url(award: object) -> str | None:
    """Issuance serves the credential JSON; link to it when its URL exists."""
    from django.urls import NoReverseMatch

    for name, args in (("issuance:download_json", [str(award.credential_uuid)]),):  # type: ignore[attr-defined]
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None
