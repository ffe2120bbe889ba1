"""People: sign-up, profile and the links that let someone choose a password."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from credstack.problems import Conflict

from ..models import User

PROFILE_FIELDS = ("display_name", "email", "did", "public_profile", "visible_to_cohort")


def email_taken(email: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(email__iexact=email.strip())
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def sign_up(*, username: str, email: str, password: str, display_name: str = "") -> User:
    """Create a learner account (no memberships: staff rights are given by administrators)."""
    with transaction.atomic():
        if email_taken(email):
            raise Conflict(f"An account already uses {email}.", code="EMAIL_TAKEN")
        return User.objects.create_user(
            username=username, email=email.strip(), password=password, display_name=display_name
        )


def update_profile(user: User, **changes: object) -> User:
    """Change the profile fields a person controls themselves (see PROFILE_FIELDS)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        email = changes.get("email")
        if isinstance(email, str) and email_taken(email, exclude=user):
            raise Conflict(f"An account already uses {email}.", code="EMAIL_TAKEN")
        for name, value in changes.items():
            setattr(user, name, value)
        user.save(update_fields=list(changes))
    return user


def password_reset_url(user: User) -> str:
    """An absolute, single-use link to choose a new password (Django's reset token)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.BASE_URL + path


def unique_username(email: str) -> str:
    """A free username derived from an email address's local part (``j.smith`` → ``j.smith2``)."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0])[:140] or "user"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate
