"""Organisation pages: see your organisation, switch between them, and (administrators)
add members and give or take away roles."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from credstack.problems import Problem

from ..forms import AddMemberForm, GiveRoleForm
from ..models import Membership, Organisation, Role, User
from ..permissions import has_role
from ..redirects import safe_next
from ..services import add_member, grant_role, remove_membership
from ..tenancy import choose_organisation, current_organisation


def _organisation(request: HttpRequest) -> Organisation:
    organisation = current_organisation(request)
    if organisation is None:
        raise PermissionDenied(
            "Organisation pages are for staff, and you are not a member of any organisation. "
            "Ask an administrator of your institution to add you."
        )
    return organisation


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required guarantees it
    return request.user


def _render(
    request: HttpRequest, organisation: Organisation, add_form: AddMemberForm, status: int = 200
) -> HttpResponse:
    people: dict[User, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
        people[membership.user].append(membership)
    context = {
        "organisation": organisation,
        "members": sorted(people.items(), key=lambda item: str(item[0]).lower()),
        "is_admin": has_role(request.user, organisation),
        "add_form": add_form,
        "roles": Role.choices,
    }
    return render(request, "accounts/organisation.html", context, status=status)


@login_required
@require_GET
def organisation_view(request: HttpRequest) -> HttpResponse:
    return _render(request, _organisation(request), AddMemberForm())


@login_required
@require_POST
def add_member_view(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if not has_role(request.user, organisation):
        raise PermissionDenied(f"Only administrators of {organisation} can add members.")
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            membership = add_member(_actor(request), organisation, **form.cleaned_data)
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(
                request,
                f"{membership.user} is now {membership.get_role_display()}; we emailed them.",
            )
            return redirect("accounts:organisation")
    return _render(request, organisation, form, status=400)


@login_required
@require_POST
def give_role_view(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = _organisation(request)
    if not has_role(request.user, organisation):
        raise PermissionDenied(f"Only administrators of {organisation} can give roles.")
    member = (
        User.objects.filter(pk=user_id, memberships__organisation=organisation).distinct().first()
    )
    form = GiveRoleForm(request.POST)
    if member is None:
        messages.error(request, "That person is not a member here; add them by email instead.")
    elif not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
    else:
        try:
            membership = grant_role(
                _actor(request), organisation, member, form.cleaned_data["role"]
            )
        except Problem as e:
            messages.error(request, e.detail)
        else:
            messages.success(request, f"{member} is now also {membership.get_role_display()}.")
    return redirect("accounts:organisation")


@login_required
@require_POST
def remove_role_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    organisation = _organisation(request)
    if not has_role(request.user, organisation):
        raise PermissionDenied(f"Only administrators of {organisation} can remove roles.")
    try:
        membership = remove_membership(_actor(request), organisation, membership_id)
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(
            request, f"{membership.user} is no longer {membership.get_role_display()}."
        )
    return redirect("accounts:organisation")


@login_required
@require_POST
def switch_organisation_view(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        wanted = -1
    organisation = choose_organisation(request, wanted)
    if organisation is None:
        messages.error(request, "You are not a member of that organisation.")
    else:
        messages.success(request, f"You are now working in {organisation}.")
    return redirect(safe_next(request) or "accounts:organisation")
