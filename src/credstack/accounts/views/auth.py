"""Sign up, log in (username or email, throttled), log out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from credstack.problems import Problem

from .. import ratelimit
from ..forms import LoginForm, SignUpForm, username_for
from ..redirects import after_login, safe_next
from ..services import sign_up


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(after_login(request))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    throttled = ""
    status = 200
    if request.method == "POST":
        identifier = request.POST.get("username", "")[:254]
        # Throttle per account, whichever of its names is typed.
        throttle_name = username_for(identifier)
        if ratelimit.is_locked(request, throttle_name):
            # Do not even try the password: a locked identifier gets no oracle.
            form = LoginForm(request, initial={"username": identifier})
            throttled = (
                f"Too many failed attempts to log in as “{identifier}”. Wait "
                f"{ratelimit.WINDOW_SECONDS // 60} minutes, or reset your password."
            )
            status = 429
        elif form.is_valid():
            ratelimit.reset(request, throttle_name)
            login(request, form.get_user())
            return redirect(after_login(request))
        else:
            ratelimit.record_failure(request, throttle_name)
            status = 400
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "throttled": throttled},
        status=status,
    )


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except Problem as e:
            form.add_error("email", e.detail)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to credstack, {user}. Your account is ready.")
            return redirect(after_login(request))
    status = 400 if form.is_bound else 200
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have logged out.")
    return redirect("web:home")
