"""Public, machine-readable documents: OB 2.0 Assertion / BadgeClass / Issuer, baked OB 2.0
PNGs, and a stack's CLR Achievement. No login: these are the ids inside shared credentials."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from credstack.problems import Problem

from ..services import (
    baked_ob2_png,
    hosted_assertion,
    hosted_badge,
    hosted_issuer,
    public_stack,
    stack_achievement,
)

JSON_LD = "application/ld+json"
# Short: a revocation must reach OB 2.0 consumers, who have no status list to consult.
MAX_AGE = 300


def _json_ld(document: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        status=status,
        content_type=f"{JSON_LD}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _not_found(e: Problem) -> Http404:
    return Http404(e.detail)


@require_safe
def assertion(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """``/ob2/assertions/<uuid>``: the hosted Assertion (410 Gone once revoked or suspended)."""
    try:
        hosted = hosted_assertion(credential_uuid)
    except Problem as e:
        if e.status == 404:
            raise _not_found(e) from e
        return _json_ld(e.to_dict(), e.status)
    return _json_ld(hosted.document, hosted.status)


@require_safe
def badge(request: HttpRequest, lineage: UUID) -> HttpResponse:
    """``/ob2/badges/<lineage>``: the BadgeClass."""
    try:
        return _json_ld(hosted_badge(lineage))
    except Problem as e:
        if e.status == 404:
            raise _not_found(e) from e
        return _json_ld(e.to_dict(), e.status)


@require_safe
def issuer(request: HttpRequest, slug: str) -> HttpResponse:
    """``/ob2/issuers/<slug>``: the issuer Profile."""
    try:
        return _json_ld(hosted_issuer(slug))
    except Problem as e:
        if e.status == 404:
            raise _not_found(e) from e
        return _json_ld(e.to_dict(), e.status)


@require_safe
def baked_png(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """``/ob2/assertions/<uuid>/badge.png``: the badge with the assertion baked in (OB 2.0)."""
    try:
        data = baked_ob2_png(credential_uuid)
    except Problem as e:
        if e.status == 404:
            raise _not_found(e) from e
        return _json_ld(e.to_dict(), e.status)
    response = HttpResponse(data, content_type="image/png")
    response["Content-Disposition"] = (
        f'attachment; filename="badge-ob2-{str(credential_uuid)[:8]}.png"'
    )
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_safe
def stack(request: HttpRequest, slug: str) -> HttpResponse:
    """``/clr/stacks/<slug>``: the stack's Achievement, the ``isPartOf`` target in CLRs."""
    try:
        found = public_stack(slug)
    except Problem as e:
        raise _not_found(e) from e
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        **stack_achievement(found).to_json(),
    }
    return _json_ld(document)
