"""The earner's wallet pages: list, import, delete, downloads, the ZIP export and CLRs."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from credstack.accounts.models import User
from credstack.design.services import linkedin_url
from credstack.problems import Problem
from credstack.verification.services import public_url

from ..forms import ImportForm, ShareEmailForm
from ..services import (
    clr_for,
    clrs_of,
    delete_imported,
    export_archive,
    export_filename,
    import_credential,
    import_from_url,
    imported_for,
    imported_of,
    issue_clr,
    own_awards,
    refresh_stale,
    share_counts,
    stack_completions,
)

_MEDIA = {
    "json": "application/json",
    "jwt": "application/jwt",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(
    request: HttpRequest, *, form: ImportForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    refresh_stale(user)
    awards = list(own_awards(user))
    counts = share_counts([a.pk for a in awards])
    cards: list[dict[str, Any]] = [
        {
            "award": a,
            "public_url": public_url(a),
            "linkedin_url": linkedin_url(a),
            "shares": counts.get(a.pk, 0),
        }
        for a in awards
    ]
    context = {
        "cards": cards,
        "imported": list(imported_of(user)),
        "completions": stack_completions(user),
        "clrs": list(clrs_of(user)),
        "form": form or ImportForm(),
        "email_form": ShareEmailForm(),
    }
    return render(request, "integrations/wallet.html", context, status=status)


@login_required
@require_GET
def wallet(request: HttpRequest) -> HttpResponse:
    """``/wallet``: the earner's own awards, imported credentials, stacks and CLRs."""
    return _page(request)


@login_required
@require_POST
def import_view(request: HttpRequest) -> HttpResponse:
    """Import a credential (file, pasted text or URL); verified before it is stored."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=422)
    data = form.cleaned_data
    try:
        if data.get("url"):
            item = import_from_url(_user(request), data["url"])
        else:
            raw = data["file"].read() if data.get("file") else data["text"]
            item = import_credential(_user(request), raw)
    except Problem as e:
        form.add_error(None, e.detail)
        return _page(request, form=form, status=e.status)
    messages.success(request, f"“{item.name}” was verified and added to your wallet.")
    return redirect("interop:wallet")


@login_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        delete_imported(_user(request), pk)
    except Problem as e:
        raise Http404(e.detail) from e
    messages.success(request, "The credential was removed from your wallet.")
    return redirect("interop:wallet")


@login_required
@require_GET
def imported_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The imported credential exactly as it was imported (JSON, JWT or baked image)."""
    try:
        item = imported_for(_user(request), pk)
    except Problem as e:
        raise Http404(e.detail) from e
    response = HttpResponse(bytes(item.original), content_type=_MEDIA[item.format])
    response["Content-Disposition"] = f'attachment; filename="imported-{item.pk}.{item.format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def export_view(request: HttpRequest) -> StreamingHttpResponse:
    """Everything in the wallet as one ZIP archive, streamed."""
    user = _user(request)
    response = StreamingHttpResponse(export_archive(user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(user)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def clr_issue_view(request: HttpRequest) -> HttpResponse:
    """Issue the signed CLR for a completed stack (idempotent)."""
    try:
        clr, created = issue_clr(_user(request), int(request.POST.get("stack", "") or 0))
    except ValueError:
        messages.error(request, "Choose one of your stacks.")
        return redirect("interop:wallet")
    except Problem as e:
        messages.error(request, e.detail)
        return redirect("interop:wallet")
    if created:
        messages.success(request, f"Your learner record for {clr.stack.title} is ready.")
    else:
        messages.info(request, f"Your learner record for {clr.stack.title} was already issued.")
    return redirect("interop:wallet")


@login_required
@require_GET
def clr_download(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    try:
        clr = clr_for(_user(request), credential_uuid)
    except Problem as e:
        raise Http404(e.detail) from e
    response = HttpResponse(
        json.dumps(clr.credential_json, ensure_ascii=False, indent=2),
        content_type="application/vc+ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="clr-{clr.stack.slug}-{str(clr.credential_uuid)[:8]}.json"'
    )
    return response
