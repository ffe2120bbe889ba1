"""The profile page (name, email, DID, privacy opt-ins) and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from credstack.problems import Problem

from ..forms import ProfileForm, TokenForm
from ..models import ApiToken, User
from ..services import create_token, revoke_token, update_profile


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required guarantees it
    return user


@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # Bind to a copy: a rejected form must not leave half-applied values on request.user.
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=User.objects.get(pk=user.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(user, **{name: form.cleaned_data[name] for name in form.changed_data})
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def tokens_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_secret = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_secret = create_token(user, form.cleaned_data["name"]).secret
            except Problem as e:
                form.add_error("name", e.detail)
                status = 400
            else:
                form = TokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.filter(user=user)
    context = {"form": form, "tokens": tokens, "new_secret": new_secret}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token_view(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = revoke_token(_user(request), token_id)
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, f"Token “{token.name}” is revoked; clients using it now get 401.")
    return redirect("accounts:tokens")
