"""The earner's side: claim an award, download its credential as JSON."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from credstack.problems import Problem

from ..forms import ClaimForm
from ..models import Award
from ..services import award_for_token, claim_award
from ..services.access import VIEW_ROLES, may


@login_required
def claim(request: HttpRequest, token: str) -> HttpResponse:
    """Show the award behind the link; POST binds it to the logged-in account."""
    try:
        award = award_for_token(token)
    except Problem as e:
        raise Http404(e.detail) from e
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award = claim_award(request.user, token, did=form.cleaned_data["did"])  # type: ignore[arg-type]
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            return redirect("issuance:claimed", credential_uuid=award.credential_uuid)
    mine = award.recipient_user_id == request.user.pk
    return render(
        request,
        "issuance/claim.html",
        {"award": award, "form": form, "mine": mine},
        status=400 if form.errors else 200,
    )


def _earner_award(request: HttpRequest, credential_uuid: UUID) -> Award:
    award = (
        Award.objects.select_related("credential", "issuer")
        .filter(credential_uuid=credential_uuid)
        .first()
    )
    if award is None or award.credential_json is None:
        raise Http404("There is no such credential.")
    if award.recipient_user_id != request.user.pk and not may(
        request.user,
        award.issuer.organisation_id,
        VIEW_ROLES,  # type: ignore[arg-type]
    ):
        raise PermissionDenied("Only the earner and the issuer's staff download this credential.")
    return award


@login_required
def claimed(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """The celebration: the earner holds the credential now."""
    award = _earner_award(request, credential_uuid)
    return render(request, "issuance/claimed.html", {"award": award})


@login_required
def download_json(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    award = _earner_award(request, credential_uuid)
    response = HttpResponse(
        json.dumps(award.credential_json, indent=2, ensure_ascii=False),
        content_type="application/vc+ld+json; charset=utf-8",
    )
    slug = award.credential.slug or "credential"
    response["Content-Disposition"] = f'attachment; filename="{slug}-{award.credential_uuid}.json"'
    return response
