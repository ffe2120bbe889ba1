"""Wallet forms: importing a credential and sharing an award by email."""

from __future__ import annotations

from typing import Any

from django import forms

from .services import MAX_IMPORT_BYTES


class ImportForm(forms.Form):
    """One of: a file (JSON, JWT, baked PNG or SVG), pasted text, or a URL."""

    file = forms.FileField(
        required=False,
        label="Credential file",
        help_text="A baked badge (PNG or SVG), a JSON credential or a JWT; up to 2 MB.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the credential",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        max_length=MAX_IMPORT_BYTES,
    )
    url = forms.CharField(
        required=False,
        label="Or its web address (URL)",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [k for k in ("file", "text", "url") if data.get(k)]
        if len(given) != 1:
            raise forms.ValidationError(
                "Give exactly one: a file, pasted text or a URL.", code="IMPORT_ONE_SOURCE"
            )
        upload = data.get("file")
        if upload is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"That file is {upload.size:,} bytes; the largest accepted is "
                f"{MAX_IMPORT_BYTES:,}.",
                code="IMPORT_TOO_LARGE",
            )
        return data


class ShareEmailForm(forms.Form):
    to = forms.EmailField(label="Email address", max_length=254)
