"""Home page, health check and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"catalogue_url": _url_or_none("catalog:list")})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"path": request.path}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No request context: context processors may need the database, which may be what failed.
    html = render_to_string("500.html", {"PLATFORM_NAME": settings.PLATFORM_NAME})
    return HttpResponseServerError(html)
