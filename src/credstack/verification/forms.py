"""The verifier's forms: a file, pasted text or a URL; and an e-mail to check against a hash."""

from __future__ import annotations

from typing import Any

from django import forms

from .services import MAX_INPUT_BYTES


class VerifyForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="Choose a file",
        help_text="A badge image (PNG or SVG), a JSON file or a JWT file.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the credential",
        help_text="JSON or a JWT (the long text starting with “eyJ”).",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        max_length=MAX_INPUT_BYTES,
    )
    url = forms.CharField(
        required=False,
        label="Or enter its web address",
        help_text="An https address where the credential is published.",
        max_length=2000,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("file", "text", "url") if data.get(name)]
        if not given:
            raise forms.ValidationError(
                "Choose a file, paste the credential or enter its web address.", code="EMPTY"
            )
        if len(given) > 1:
            raise forms.ValidationError(
                "Give the credential one way only: a file, pasted text or an address.",
                code="SEVERAL",
            )
        return data


class IdentityForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        help_text="Checked against the credential's hashed identity; nothing is stored or sent.",
        max_length=320,
    )
    identity = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20000)
