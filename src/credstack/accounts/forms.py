"""Forms for the accounts pages (labels are what screen readers and browser tests rely on)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.http import HttpRequest

from .models import Role, User
from .outbox import queue_email
from .services.people import email_taken, password_reset_url


def username_for(identifier: str) -> str:
    """The username an identifier (a username, or an account's email) refers to."""
    identifier = identifier.strip()
    if "@" in identifier:
        user = User.objects.filter(email__iexact=identifier).only("username").first()
        if user is not None:
            return user.username
    return identifier


class LoginForm(AuthenticationForm):
    """Log in with a username or an email address (emails are unique, case-insensitively)."""

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username or email"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["username"] = username_for(self.cleaned_data.get("username") or "")
        return super().clean()


class SignUpForm(UserCreationForm):
    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        help_text="How your name appears on your credentials and profile.",
    )
    email = forms.EmailField(label="Email", help_text="We send password resets and results here.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("display_name", "username", "email")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if email_taken(email):
            raise forms.ValidationError(
                "An account already uses this email address.", code="EMAIL_TAKEN"
            )
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "email", "did", "public_profile", "visible_to_cohort")
        labels = {
            "display_name": "Name",
            "email": "Email",
            "did": "Decentralised identifier (DID)",
            "public_profile": "Show a public profile with the credentials I choose to share",
            "visible_to_cohort": "Let other learners in my cohorts see my name",
        }
        help_texts = {
            "public_profile": "",
            "visible_to_cohort": "",
            "did": "A DID you control (for example did:key:z6Mk…); credentials you earn "
            "will name it as their subject.",
        }

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if not email:
            raise forms.ValidationError("Enter an email address.", code="EMAIL_REQUIRED")
        if email_taken(email, exclude=self.instance):
            raise forms.ValidationError(
                "An account already uses this email address.", code="EMAIL_TAKEN"
            )
        return email

    def clean_did(self) -> str:
        did: str = self.cleaned_data["did"].strip()
        if did and (
            not did.startswith("did:") or did.count(":") < 2 or any(c.isspace() for c in did)
        ):
            raise forms.ValidationError(
                "A DID looks like did:method:identifier (for example did:key:z6Mk…).",
                code="DID_INVALID",
            )
        return did


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes through the outbox (retries, a record of mail)."""

    def get_users(self, email: str) -> Iterator[User]:  # type: ignore[override]
        # Django skips accounts without a usable password; we include them so someone invited
        # by an administrator who lost the invitation can still ask for a new link.
        yield from User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user: User = context["user"]
        queue_email(
            to_email,
            "Reset your password",
            "accounts/email/password_reset",
            {"user": user, "reset_url": password_reset_url(user)},
            category="password_reset",
        )


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Someone without an account gets an invitation to choose a password.",
    )
    name = forms.CharField(
        label="Name",
        max_length=150,
        required=False,
        help_text="Used only when inviting someone new.",
    )
    role = forms.ChoiceField(label="Role", choices=[("", "Choose a role…"), *Role.choices])


class GiveRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, help_text="Say what will use it, e.g. “LMS grade sync”."
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label="Action starts with",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "accounts.membership"}),
    )
    actor = forms.CharField(label="Actor", required=False, max_length=254)
    object_type = forms.CharField(
        label="Object type",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "accounts.membership"}),
    )
    object_id = forms.CharField(label="Object id", required=False, max_length=64)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(
                "“From” must be on or before “To”.", code="DATE_RANGE_INVALID"
            )
        return data
