"""What every staff page of the catalog needs: the acting organisation and problem messages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from credstack.accounts.models import Organisation
from credstack.accounts.permissions import has_role, require_role
from credstack.accounts.tenancy import current_organisation
from credstack.problems import Problem

from ..models import MicroCredential


def organisation_for(request: HttpRequest, *roles: str) -> Organisation:
    """The current organisation (the org switcher), if the user holds one of ``roles`` there."""
    organisation = current_organisation(request)
    if organisation is None:
        raise PermissionDenied("This page is for staff of an organisation.")
    require_role(request.user, organisation, *roles)
    return organisation


def staff_credential(request: HttpRequest, pk: int, *roles: str) -> MicroCredential:
    credential = get_object_or_404(
        MicroCredential.objects.select_related("organisation", "level", "level__scale", "author"),
        pk=pk,
    )
    if not has_role(request.user, credential.organisation_id, *roles):
        raise PermissionDenied("You do not work on this organisation's catalogue.")
    return credential


def show_problem(request: HttpRequest, problem: Problem, form: forms.Form | None = None) -> None:
    """Put a service's refusal where the person will read it: on the form, or as a message."""
    if form is not None:
        form.add_error(None, problem.detail)
    else:
        messages.error(request, problem.detail)


def reverse_or_none(name: str, **kwargs: object) -> str | None:
    """A URL of another app's page, or None while that app does not provide it."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None
