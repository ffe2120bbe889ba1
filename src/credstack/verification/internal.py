"""Serve requests for the platform's own address without going through the network.

A credstack credential names URLs on credstack itself (issuer profile, status lists, hosted
documents). Fetching them over HTTP would need the public address to resolve and route back to
us — it often does not in a private deployment, and it would cost a round trip per check. So a
URL on ``BASE_URL``'s scheme, host and port is dispatched to the view that serves it, through
Django's URL resolver, exactly as a request from outside would be (same view, same headers,
same ``ETag``/``Cache-Control``), just without the socket.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponseBase, QueryDict
from django.urls import Resolver404, resolve

from credstack.problems import Problem


@dataclass(frozen=True, slots=True)
class InternalResponse:
    status: int
    content: bytes
    headers: dict[str, str]
    too_large: bool = False


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def is_internal(url: str) -> bool:
    """True when ``url`` is on this platform's own origin (``BASE_URL``)."""
    try:
        return _origin(url) == _origin(str(settings.BASE_URL))
    except ValueError:
        return False


def _request(url: str, accept: str, etag: str | None) -> HttpRequest:
    parts = urlsplit(url)
    base = urlsplit(str(settings.BASE_URL))
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = parts.path or "/"
    request.GET = QueryDict(parts.query)
    request.META = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": request.path,
        "QUERY_STRING": parts.query,
        "HTTP_ACCEPT": accept,
        "HTTP_HOST": base.netloc,
        "SERVER_NAME": base.hostname or "localhost",
        "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80)),
        "wsgi.url_scheme": base.scheme,
    }
    if etag:
        request.META["HTTP_IF_NONE_MATCH"] = etag
    request.user = AnonymousUser()
    return request


def dispatch(url: str, *, accept: str, etag: str | None, max_bytes: int) -> InternalResponse:
    """Run the view behind ``url`` and return its status, body (capped) and headers."""
    request = _request(url, accept, etag)
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return InternalResponse(404, b"", {})
    try:
        response: HttpResponseBase = match.func(request, *match.args, **match.kwargs)
        render = getattr(response, "render", None)
        if callable(render):
            render()
    except Http404:
        return InternalResponse(404, b"", {})
    except Problem as e:
        return InternalResponse(e.status, b"", {})
    headers = {name.lower(): value for name, value in response.items()}
    if getattr(response, "streaming", False):
        chunks: list[bytes] = []
        size = 0
        for chunk in response.streaming_content:  # type: ignore[attr-defined]
            size += len(chunk)
            if size > max_bytes:
                return InternalResponse(response.status_code, b"", headers, too_large=True)
            chunks.append(bytes(chunk))
        body = b"".join(chunks)
    else:
        body = bytes(response.content)  # type: ignore[attr-defined]
    return InternalResponse(response.status_code, body, headers, len(body) > max_bytes)
