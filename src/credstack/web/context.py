"""Template context shared by every page: the platform's name, the menu, the org switcher."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from credstack.accounts.tenancy import current_organisation, memberships_by_organisation

from .navigation import menu_for


def platform(request: HttpRequest) -> dict[str, Any]:
    # Lazy, so pages that never show the menu (and the 500 page) cost no queries; when shown,
    # the menu and switcher share one membership query per request.
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "BASE_URL": settings.BASE_URL,
        "nav": SimpleLazyObject(lambda: menu_for(request)),
        "current_organisation": SimpleLazyObject(lambda: current_organisation(request)),
        "my_organisations": SimpleLazyObject(
            lambda: sorted(memberships_by_organisation(request), key=lambda o: o.name)
        ),
    }
