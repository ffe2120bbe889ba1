"""The bulk upload form: which product, the CSV file, delivery and evidence consent."""

from __future__ import annotations

from typing import Any

from django import forms

from credstack.catalog.models import MicroCredential

from ..models import EvidenceSharing


class BulkUploadForm(forms.Form):
    credential: forms.ModelChoiceField[MicroCredential] = forms.ModelChoiceField(
        queryset=MicroCredential.objects.none(), label="Micro-credential to award"
    )
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "UTF-8 CSV with a header line. Columns: name, email or DID, and optionally "
            "narrative, evidence URL, result, issue date (YYYY-MM-DD). No row limit."
        ),
    )
    notify = forms.BooleanField(
        label="Email each earner their claim link", required=False, initial=True
    )
    evidence_consent = forms.ChoiceField(
        label="The earners consented to their evidence being",
        choices=EvidenceSharing.choices,
        initial=EvidenceSharing.NONE,
        help_text="The release rule may allow less; the credential carries the lesser.",
    )

    def __init__(self, *args: Any, credentials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credential"].queryset = credentials  # type: ignore[attr-defined]
