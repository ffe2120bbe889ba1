"""Staff forms of issuance: manual award, release rule, decisions with a reason."""

from __future__ import annotations

from django import forms

from credstack.accounts.models import Organisation
from credstack.catalog.models import MicroCredential

from .models import AwardSource, EvidenceSharing


class ManualAwardForm(forms.Form):
    credential = forms.ModelChoiceField(
        queryset=MicroCredential.objects.none(), label="Micro-credential"
    )
    recipient_name = forms.CharField(label="Recipient's name", max_length=200, required=False)
    recipient_email = forms.EmailField(label="Recipient's email", required=False)
    recipient_did = forms.CharField(
        label="Recipient's DID (optional)",
        max_length=400,
        required=False,
        help_text="A did:key or did:web the earner controls.",
    )
    narrative = forms.CharField(
        label="Why this award (narrative)", widget=forms.Textarea, required=False
    )
    evidence_url = forms.URLField(
        label="Evidence URL", required=False, max_length=500, assume_scheme="https"
    )
    evidence_consent = forms.ChoiceField(
        label="The earner consents to",
        choices=EvidenceSharing.choices,
        initial=EvidenceSharing.NONE,
    )
    # One token per rendered form: a double submit finds the award the first submit made.
    event = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: object, credentials: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if credentials is not None:
            self.fields["credential"].queryset = credentials  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("recipient_email") and not data.get("recipient_did"):
            raise forms.ValidationError("Give the recipient's email address or DID.")
        return data


class ReleaseRuleForm(forms.Form):
    allowed_sources = forms.MultipleChoiceField(
        label="Triggers that may issue it",
        choices=AwardSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    requires_approval = forms.BooleanField(
        label="A QA/release manager approves each award", required=False
    )
    validity_months = forms.IntegerField(
        label="Valid for (months)",
        min_value=1,
        max_value=600,
        required=False,
        help_text="Leave empty for the catalogue's validity period, or no expiry.",
    )
    evidence_sharing = forms.ChoiceField(
        label="Evidence the owner allows in the credential",
        choices=EvidenceSharing.choices,
        help_text="The earner's consent can only narrow this.",
    )
    include_result = forms.BooleanField(label="Include the assessment result", required=False)


class DecisionForm(forms.Form):
    award = forms.TypedMultipleChoiceField(coerce=int, choices=(), label="Awards")
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(label="Reason", max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args: object, award_ids: list[int] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["award"].choices = [(pk, pk) for pk in award_ids or []]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea)


class ClaimForm(forms.Form):
    did = forms.CharField(
        label="Your DID (optional)",
        max_length=400,
        required=False,
        help_text="If you hold a did:key or did:web in a wallet, the credential is issued to it.",
    )


class WebhookSourceForm(forms.Form):
    """Register a webhook source for one of the organisations the administrator runs."""

    # The queryset is set per request (the organisations this administrator runs).
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label=None
    )
    name = forms.CharField(
        max_length=80,
        help_text="Lower-case letters, digits and hyphens; it becomes part of the delivery URL.",
    )
    kind = forms.ChoiceField(
        choices=[
            (AwardSource.WEBHOOK.value, AwardSource.WEBHOOK.label),
            (AwardSource.EPORTFOLIO.value, AwardSource.EPORTFOLIO.label),
        ],
        initial=AwardSource.WEBHOOK.value,
    )

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
