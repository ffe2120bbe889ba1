"""Lookups and permission gates shared by the skills pages."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from credstack.accounts.models import User
from credstack.accounts.permissions import staff_organisations

from ..models import Framework
from ..services import can_design


def actor(request: HttpRequest) -> User:
    """The signed-in user of a ``login_required`` view, typed as the platform's User."""
    return cast(User, request.user)


def framework_or_404(framework_id: int) -> Framework:
    return get_object_or_404(Framework.objects.select_related("organisation"), pk=framework_id)


def staff_frameworks(user: User | AnonymousUser) -> QuerySet[Framework]:
    """Frameworks of the organisations where ``user`` is staff, plus shared ones."""
    organisations = staff_organisations(user)
    return Framework.objects.filter(organisation__in=organisations) | Framework.objects.filter(
        organisation__isnull=True
    )


def design_context(user: User | AnonymousUser, framework: Framework) -> dict[str, object]:
    superseded = framework.is_superseded
    return {
        "framework": framework,
        "superseded": superseded,
        "can_edit": can_design(user, framework.organisation) and not superseded,
    }
