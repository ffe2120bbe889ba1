"""The ``next`` parameter: where to send someone after they log in or sign up.

Only same-site paths are honoured, so a crafted link cannot bounce a fresh login to another
site (an open redirect).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def safe_next(request: HttpRequest) -> str:
    """The request's ``next`` (POST, then GET) when it is a safe local URL, else ''."""
    candidate = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def after_login(request: HttpRequest) -> str:
    return safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
