"""Sharing an award from the wallet: every share is a POST (CSRF-protected) that is counted.

Without JavaScript the form posts and the browser follows the answer (LinkedIn, the mail app,
or back to the wallet). With JavaScript (integrations/wallet.js) the copy button copies the
link and posts with ``Accept: application/json``; the answer is JSON.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from credstack.problems import Problem

from ..models import ShareChannel
from ..services import share_award


class _ExternalRedirect(HttpResponseRedirect):
    # LinkedIn (https) or the earner's own mail app (mailto:), both built by the service.
    allowed_schemes = ["https", "http", "mailto"]


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def share_view(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    channel = request.POST.get("channel", "")
    try:
        shared = share_award(
            request.user,  # type: ignore[arg-type]
            credential_uuid,
            channel,
            to=request.POST.get("to", ""),
        )
    except Problem as e:
        if _wants_json(request):
            return JsonResponse(e.to_dict(), status=e.status)
        if e.status == 404:
            raise Http404(e.detail) from e
        messages.error(request, e.detail)
        return redirect("interop:wallet")
    if _wants_json(request):
        return JsonResponse({"channel": shared.event.channel, "url": shared.url})
    if channel in (ShareChannel.LINKEDIN, ShareChannel.MAILTO):
        return _ExternalRedirect(shared.url)
    if channel == ShareChannel.EMAIL:
        messages.success(request, f"We are emailing “{shared.award.credential.title}”.")
    else:
        messages.info(request, f"Public link: {shared.url}")
    return redirect("interop:wallet")
