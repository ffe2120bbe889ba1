"""Staff forms: the credential editor (with outcome and criterion formsets), stacks, pathways,
offerings and the review. Each form turns its cleaned data into a service input shape."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory

from credstack.accounts.models import Organisation

from .models import ContentSourcing, DeliveryMode, Level, MicroCredential, Stack
from .services import CredentialInput, CriterionInput, OfferingInput, OutcomeInput
from .services.pathways import PathwayInput
from .services.stacks import StackInput


class CredentialForm(forms.Form):
    code = forms.SlugField(max_length=60, help_text="A short code, e.g. DATA-101.")
    title = forms.CharField(max_length=200)
    short_description = forms.CharField(
        max_length=300, help_text="One or two sentences for the catalogue."
    )
    long_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    design_narrative = forms.CharField(
        label="What the earner will be able to do and why it matters",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Backward design starts here: describe the credential's meaning first.",
    )
    volume_hours = forms.IntegerField(
        label="Volume of learning (hours)", min_value=1, max_value=100
    )
    level = forms.ModelChoiceField(queryset=Level.objects.select_related("scale"), required=False)
    credit_value = forms.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    credit_system = forms.CharField(max_length=30, initial="ECTS", required=False)
    delivery_mode = forms.ChoiceField(choices=DeliveryMode.choices)
    language = forms.CharField(max_length=10, initial="en")
    price = forms.DecimalField(max_digits=9, decimal_places=2, min_value=0, initial=0)
    currency = forms.CharField(max_length=3, min_length=3, initial="EUR")
    fee_waivers = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    content_sourcing = forms.ChoiceField(choices=ContentSourcing.choices)
    content_licence = forms.CharField(max_length=120, required=False)
    content_attribution = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    industry_partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.INDUSTRY_PARTNER),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_design_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    assessment_methods = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_required = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    validity_months = forms.IntegerField(min_value=1, max_value=600, required=False)
    prerequisites = forms.ModelMultipleChoiceField(
        queryset=MicroCredential.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(max_length=500, required=False, help_text="Separate tags with commas.")

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        editing: MicroCredential | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        choices = MicroCredential.objects.filter(organisation=organisation).exclude(
            status="retired"
        )
        if editing is not None:
            choices = choices.exclude(lineage=editing.lineage)
        self.fields["prerequisites"].queryset = choices.order_by("code", "version")  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label="Learning outcome", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CriterionForm(forms.Form):
    text = forms.CharField(
        label="Assessment criterion", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    rubric = forms.CharField(label="What 'met' looks like", max_length=5000, required=False)
    assesses = forms.CharField(
        label="Outcomes assessed",
        max_length=100,
        required=False,
        help_text="Numbers of the outcomes above, e.g. 1, 3.",
    )

    def clean_assesses(self) -> tuple[int, ...]:
        raw = self.cleaned_data["assesses"].replace(" ", ",")
        numbers = []
        for part in filter(None, raw.split(",")):
            if not part.isdigit() or not 1 <= int(part) <= 30:
                raise forms.ValidationError(f"“{part[:10]}” is not an outcome number.")
            numbers.append(int(part) - 1)
        return tuple(sorted(set(numbers)))


OutcomeFormSet = formset_factory(OutcomeForm, extra=2, max_num=30, validate_max=True)
CriterionFormSet = formset_factory(CriterionForm, extra=2, max_num=60, validate_max=True)


def credential_input(form: CredentialForm, outcomes: Any, criteria: Any) -> CredentialInput:
    data = form.cleaned_data
    kept_outcomes = [f.cleaned_data for f in outcomes.forms if f.cleaned_data.get("text")]
    kept_criteria = [f.cleaned_data for f in criteria.forms if f.cleaned_data.get("text")]
    return CredentialInput(
        code=data["code"],
        title=data["title"],
        short_description=data["short_description"],
        long_description=data["long_description"],
        design_narrative=data["design_narrative"],
        volume_hours=data["volume_hours"],
        level_id=data["level"].pk if data["level"] else None,
        credit_value=data["credit_value"],
        credit_system=data["credit_system"] or "ECTS",
        delivery_mode=data["delivery_mode"],
        language=data["language"],
        price=data["price"] if data["price"] is not None else Decimal(0),
        currency=data["currency"].upper(),
        fee_waivers=data["fee_waivers"],
        content_sourcing=data["content_sourcing"],
        content_licence=data["content_licence"],
        content_attribution=data["content_attribution"],
        co_design_notes=data["co_design_notes"],
        assessment_methods=data["assessment_methods"],
        evidence_required=data["evidence_required"],
        validity_months=data["validity_months"],
        outcomes=[OutcomeInput(text=o["text"]) for o in kept_outcomes],
        criteria=[
            CriterionInput(text=c["text"], rubric=c["rubric"], outcome_positions=c["assesses"])
            for c in kept_criteria
        ],
        prerequisite_ids=[p.pk for p in data["prerequisites"]],
        tags=[t.strip() for t in data["tags"].split(",") if t.strip()],
        partner_ids=[p.pk for p in data["industry_partners"]],
    )


def initial_for(
    credential: MicroCredential,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The editor's initial data for an existing credential."""
    number = {o.pk: i + 1 for i, o in enumerate(credential.outcomes.all())}
    initial = {
        name: getattr(credential, name)
        for name in CredentialForm.base_fields
        if hasattr(credential, name)
    }
    initial.update(
        level=credential.level_id,
        industry_partners=list(credential.industry_partners.all()),
        prerequisites=list(credential.prerequisites.all()),
        tags=", ".join(t.name for t in credential.tags.all()),
    )
    outcomes = [{"text": o.text} for o in credential.outcomes.all()]
    criteria = [
        {
            "text": c.text,
            "rubric": c.rubric,
            "assesses": ", ".join(str(number[o.pk]) for o in c.outcomes.all() if o.pk in number),
        }
        for c in credential.criteria.prefetch_related("outcomes")
    ]
    return initial, outcomes, criteria


class StackForm(forms.Form):
    title = forms.CharField(max_length=200)
    award_title = forms.CharField(max_length=200, help_text="The larger award the stack leads to.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    rule = forms.ChoiceField(choices=Stack.Rule.choices)
    required_count = forms.IntegerField(min_value=1, required=False, help_text="For 'a number of'.")
    credit_threshold = forms.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="For 'a credit threshold'.",
    )
    members = forms.ModelMultipleChoiceField(
        queryset=MicroCredential.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (  # type: ignore[attr-defined]
            MicroCredential.objects.filter(organisation=organisation)
            .exclude(status="retired")
            .order_by("code", "version")
        )

    def to_input(self) -> StackInput:
        d = self.cleaned_data
        return StackInput(
            title=d["title"],
            award_title=d["award_title"],
            description=d["description"],
            rule=d["rule"],
            required_count=d["required_count"],
            credit_threshold=d["credit_threshold"],
            member_ids=[m.pk for m in d["members"]],
        )


class PathwayForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    from_credential = forms.ModelChoiceField(
        queryset=MicroCredential.objects.none(), required=False
    )
    from_stack = forms.ModelChoiceField(queryset=Stack.objects.none(), required=False)
    to_credential = forms.ModelChoiceField(queryset=MicroCredential.objects.none(), required=False)
    to_stack = forms.ModelChoiceField(queryset=Stack.objects.none(), required=False)
    external_award = forms.CharField(
        max_length=200, required=False, help_text="e.g. Master of Data Science"
    )
    external_institution = forms.CharField(max_length=200, required=False)
    external_url = forms.URLField(max_length=200, required=False, assume_scheme="https")
    credit_granted = forms.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        credentials = MicroCredential.objects.filter(organisation=organisation).exclude(
            status="retired"
        )
        stacks = Stack.objects.filter(organisation=organisation)
        for name in ("from_credential", "to_credential"):
            self.fields[name].queryset = credentials.order_by("code", "version")  # type: ignore[attr-defined]
        for name in ("from_stack", "to_stack"):
            self.fields[name].queryset = stacks  # type: ignore[attr-defined]

    def to_input(self) -> PathwayInput:
        d = self.cleaned_data
        return PathwayInput(
            title=d["title"],
            description=d["description"],
            from_credential_id=d["from_credential"].pk if d["from_credential"] else None,
            from_stack_id=d["from_stack"].pk if d["from_stack"] else None,
            to_credential_id=d["to_credential"].pk if d["to_credential"] else None,
            to_stack_id=d["to_stack"].pk if d["to_stack"] else None,
            external_award=d["external_award"],
            external_institution=d["external_institution"],
            external_url=d["external_url"],
            credit_granted=d["credit_granted"],
        )


class OfferingForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. March 2027 cohort")
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    enrol_by = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    capacity = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty for no limit."
    )
    delivery_mode = forms.ChoiceField(choices=DeliveryMode.choices)
    location = forms.CharField(max_length=200, required=False)
    hours_per_week = forms.DecimalField(max_digits=4, decimal_places=1, min_value=0, required=False)

    def to_input(self) -> OfferingInput:
        return OfferingInput(**self.cleaned_data)


class OfferingEditForm(OfferingForm):
    """Rescheduling adds the one switch a new offering does not need: closing enrolment."""

    is_open = forms.BooleanField(
        label="Open for enrolment",
        required=False,
        help_text="Untick to stop new enrolments without cancelling the offering.",
    )


class CancelOfferingForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Every learner enrolled or waitlisted is emailed this reason.",
    )


class TransitionForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    waiver = forms.CharField(
        label="Alignment waiver",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text="Only when approving despite alignment gaps: say why it is justified.",
    )
