"""Public documents (no login): issuer profiles, DID documents, status lists, achievements.

Each is JSON with the media type its spec names, cacheable by any HTTP cache (``ETag``,
``Cache-Control``), so verifiers and CDNs can take the load. A browser asking for HTML gets
a short page about the issuer instead of raw JSON (``Vary: Accept``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.views.decorators.http import require_safe

from credstack.problems import NotFound

from ..models import StatusList
from ..services import (
    did_document,
    issuer_by_slug,
    latest_credential,
    platform_did_document,
    profile_document,
    published_keys,
    published_list,
)
from ..services.credentials import badge_image_renderer, build_achievement
from ..services.status_lists import TTL_SECONDS

PROFILE_MAX_AGE = 300
JSON_TYPES = ("application/ld+json", "application/json")


def _issuer(slug: str):  # type: ignore[no-untyped-def]
    try:
        return issuer_by_slug(slug)
    except NotFound as e:
        raise Http404(e.detail) from e


def _accepted(request: HttpRequest, offers: tuple[str, ...]) -> str | None:
    """The first media type of ``offers`` the client accepts (exact or ``*/*``), else None."""
    accept = request.headers.get("Accept", "")
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    for offer in offers:
        if offer in wanted:
            return offer
    return None


def _json(
    request: HttpRequest,
    body: dict[str, Any],
    content_type: str,
    max_age: int,
    etag: str | None = None,
) -> HttpResponse:
    text = json.dumps(body, ensure_ascii=False, indent=2)
    tag = etag or '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept"
    return response


@require_safe
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    """The issuer's OB 3.0 Profile and controller document; HTML for browsers."""
    issuer = _issuer(slug)
    document = profile_document(issuer)
    media = _accepted(request, JSON_TYPES)
    if media is None and "text/html" in request.headers.get("Accept", ""):
        response = render(
            request,
            "issuance/public/profile.html",
            {
                "issuer": issuer,
                "keys": published_keys(issuer),
                "document": document,
                "lists": issuer.status_lists.order_by("sequence", "purpose"),
            },
        )
        response["Vary"] = "Accept"
        return response
    return _json(request, document, media or "application/json", PROFILE_MAX_AGE)


@require_safe
def issuer_did(request: HttpRequest, slug: str) -> HttpResponse:
    """``did:web:<host>:issuers:<slug>`` (did:web §3.2)."""
    return _json(request, did_document(_issuer(slug)), "application/did+ld+json", PROFILE_MAX_AGE)


@require_safe
def platform_did(request: HttpRequest) -> HttpResponse:
    """``did:web:<host>``: the platform's DID document."""
    return _json(request, platform_did_document(), "application/did+ld+json", PROFILE_MAX_AGE)


@require_safe
def status_list(request: HttpRequest, slug: str, purpose: str, sequence: int) -> HttpResponse:
    """A signed BitstringStatusListCredential (BSL §2.2), cached per list version."""
    issuer = _issuer(slug)
    if purpose not in StatusList.Purpose.values:
        raise Http404("There is no such status list.")
    row = published_list(issuer, purpose, sequence)
    if row is None or row.signed_json is None:
        raise Http404("There is no such status list.")
    media = _accepted(request, ("application/vc", "application/vc+ld+json", *JSON_TYPES))
    etag = f'"{issuer.slug}-{purpose}-{sequence}-v{row.signed_version}"'
    return _json(request, row.signed_json, media or "application/json", min(60, TTL_SECONDS), etag)


@require_safe
def suspension_companion(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    """Decision 0002: the suspension list is also found at ``<revocation list URL>/suspension``."""
    return status_list(request, slug, StatusList.Purpose.SUSPENSION, sequence)


@require_safe
def achievement(request: HttpRequest, slug: str, lineage: UUID) -> HttpResponse:
    """The Achievement (OB 3.0 §B.2.1) behind a stable achievement id."""
    issuer = _issuer(slug)
    try:
        credential = latest_credential(lineage)
    except NotFound as e:
        raise Http404(e.detail) from e
    if credential.organisation_id != issuer.organisation_id:
        raise Http404("There is no such achievement.")
    document = build_achievement(issuer, credential, with_result=False).to_json()
    return _json(
        request, document, _accepted(request, JSON_TYPES) or "application/json", PROFILE_MAX_AGE
    )


@require_safe
def achievement_image(request: HttpRequest, slug: str, lineage: UUID) -> HttpResponse:
    """The badge image, drawn by the design app when it provides a renderer."""
    issuer = _issuer(slug)
    renderer = badge_image_renderer()
    if renderer is None:
        raise Http404("Badge images are not available.")
    try:
        credential = latest_credential(lineage)
    except NotFound as e:
        raise Http404(e.detail) from e
    if credential.organisation_id != issuer.organisation_id:
        raise Http404("There is no such achievement.")
    response = HttpResponse(renderer(credential), content_type="image/png")
    response["Cache-Control"] = f"public, max-age={PROFILE_MAX_AGE}"
    return response
