"""Webhook sources page (administrators): register one (its secret is shown once), revoke, rotate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from credstack.accounts.models import User
from credstack.problems import Problem

from ..forms import WebhookSourceForm
from ..models import WebhookSource
from ..services import (
    register_webhook_source,
    revoke_webhook_source,
    rotate_webhook_secret,
    webhook_sources_for,
)
from ..services.access import ADMIN_ROLES, organisations_for

DENIED = "Webhook sources are managed by administrators."


def _render(
    request: HttpRequest,
    form: WebhookSourceForm,
    *,
    shown: tuple[WebhookSource, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "form": form,
        "sources": webhook_sources_for(user),
        "shown": shown,
        "delivery_base": request.build_absolute_uri("/api/v1/issuance/webhooks/"),
    }
    response = render(request, "issuance/webhook_sources.html", context, status=status)
    if shown is not None:
        # The secret is in this response only: no browser or proxy may keep a copy.
        response["Cache-Control"] = "no-store"
    return response


@login_required
def webhook_sources(request: HttpRequest) -> HttpResponse:
    """List the sources; POST registers one and shows its secret on this response only."""
    user: User = request.user  # type: ignore[assignment]
    orgs = organisations_for(user, ADMIN_ROLES)
    if not orgs:
        raise PermissionDenied(DENIED)
    form = WebhookSourceForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            shown = register_webhook_source(
                user,
                form.cleaned_data["organisation"],
                form.cleaned_data["name"],
                form.cleaned_data["kind"],
            )
        except Problem as e:
            form.add_error("name", e.detail)
        else:
            return _render(request, WebhookSourceForm(organisations=orgs), shown=shown, status=201)
    return _render(request, form, status=400 if form.errors else 200)


@login_required
@require_POST
def webhook_source_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Revoke a source, or rotate its secret (shown once on the page that answers)."""
    user: User = request.user  # type: ignore[assignment]
    if not organisations_for(user, ADMIN_ROLES):
        raise PermissionDenied(DENIED)
    try:
        if action == "revoke":
            source = revoke_webhook_source(user, pk)
            messages.success(request, f"“{source.name}” is revoked; its deliveries are refused.")
        elif action == "rotate":
            shown = rotate_webhook_secret(user, pk)
            orgs = organisations_for(user, ADMIN_ROLES)
            return _render(request, WebhookSourceForm(organisations=orgs), shown=shown)
        else:
            messages.error(request, "Choose revoke or rotate.")
    except Problem as e:
        if e.status == 404:
            raise PermissionDenied(DENIED) from e
        messages.error(request, e.detail)
    return redirect(reverse("issuance:webhook_sources"))
