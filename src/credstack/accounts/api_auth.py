"""How the API knows who is calling: a personal API token, or the browser's session.

``api_auth`` is a list for django-ninja's ``auth=`` (``Router(auth=api_auth)``): the first
scheme that recognises the caller wins. A request with ``Authorization: Bearer <token>`` is
judged on the token alone (a bad token is a 401 even with a session cookie, so a script never
acts with someone's browser session by accident). Otherwise the Django session counts, with
Django's CSRF check on unsafe methods. Either way ``request.user`` and ``request.auth`` are the
calling user.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from .models import User
from .services.tokens import user_for_token


class PersonalTokenAuth(HttpBearer):
    """``Authorization: Bearer cst_…`` — a personal API token (see /accounts/tokens/)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token.strip())
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The Django session cookie of a logged-in browser (CSRF token needed to change things)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.headers.get("Authorization"):
            return None  # a request that brings its own credentials is judged by them alone
        return super().authenticate(request, key)


api_auth: list[Any] = [PersonalTokenAuth(), BrowserSessionAuth()]
