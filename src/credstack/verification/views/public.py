"""Public pages: one award (HTML for people, the credential JSON for machines) and profiles."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from credstack.problems import Problem

from ..forms import IdentityForm
from ..models import Channel
from ..negotiation import best_match
from ..services import (
    check_identity,
    earner_profile,
    public_credential,
    set_shared,
    shared_awards,
    verify_input,
)
from .presentation import report_context

#: Offers of the credential page, people first: a browser's */* gets HTML.
CREDENTIAL_OFFERS = (
    "text/html",
    "application/ld+json",
    "application/vc+ld+json",
    "application/vc",
    "application/json",
)


def _credential_json(document: dict[str, object], media: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=f"{media}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept"
    # Revocation never changes the signed document, so it may be cached; status is live elsewhere.
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def credential_page(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """``/credentials/<uuid>``: the award's page, or its signed JSON by content negotiation."""
    try:
        shown = public_credential(credential_uuid)
    except Problem as e:
        raise Http404(e.detail) from e
    document = shown.award.credential_json
    if not isinstance(document, dict):  # public_credential only returns issued awards
        raise Http404("This credential has not been issued.")
    wanted = (
        "application/json"
        if request.GET.get("format") == "json"
        else best_match(request.headers.get("Accept"), CREDENTIAL_OFFERS)
    )
    if wanted != "text/html" and request.method != "POST":
        return _credential_json(document, wanted)
    verification = verify_input(
        document, channel=Channel.PUBLIC_PAGE, referer=request.headers.get("Referer")
    )
    identity_form = IdentityForm(request.POST if request.method == "POST" else None)
    answer = None
    if request.method == "POST" and identity_form.is_valid():
        answer = check_identity(document, identity_form.cleaned_data["email"])
    context = {
        **report_context(verification),
        "shown": shown,
        "award": shown.award,
        "summary": shown.summary,
        "identity_form": identity_form,
        "identity_answer": answer,
        "json_url": f"{request.path}?format=json",
    }
    response = render(request, "verification/credential.html", context)
    response["Vary"] = "Accept"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def profile_page(request: HttpRequest, username: str) -> HttpResponse:
    """``/people/<username>``: an earner's opt-in public profile, grouped by stack."""
    try:
        person, groups = earner_profile(username)
    except Problem as e:
        raise Http404(e.detail) from e
    return render(request, "verification/profile.html", {"person": person, "groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def sharing_page(request: HttpRequest) -> HttpResponse:
    """The signed-in earner chooses which credentials their public profile shows."""
    error = ""
    if request.method == "POST":
        try:
            set_shared(
                request.user,  # type: ignore[arg-type]
                int(request.POST.get("award", "0") or 0),
                request.POST.get("visible") == "1",
            )
            return redirect("verification:sharing")
        except (ValueError, Problem) as e:
            error = getattr(e, "detail", "Choose one of your credentials.")
    awards = shared_awards(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "verification/sharing.html",
        {"awards": awards, "error": error},
        status=403 if error else 200,
    )
