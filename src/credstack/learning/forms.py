"""Forms of the learning pages: they parse and bound input; services decide."""

from __future__ import annotations

from django import forms

from .models import EngagementRule, Intervention, Verb
from .services.enrolment import REASON_MAX
from .services.support import MESSAGE_MAX


class CommitForm(forms.Form):
    accept = forms.BooleanField(
        required=False,
        label="I have read the commitment and the terms, and I accept them.",
    )
    terms_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence is enough. It helps us support you and improve the course.",
    )


class DeferForm(ReasonForm):
    to_offering = forms.TypedChoiceField(label="Move to", coerce=int, choices=())

    def __init__(self, *args: object, targets: list, **kwargs: object) -> None:  # type: ignore[type-arg]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_offering"].choices = [  # type: ignore[attr-defined]
            (o.pk, f"{o.title} — starts {o.starts_on:%-d %b %Y}") for o in targets
        ]


class ProgressForm(forms.Form):
    statement_id = forms.UUIDField(widget=forms.HiddenInput)
    activity = forms.IntegerField(widget=forms.HiddenInput)
    verb = forms.ChoiceField(choices=Verb.choices, widget=forms.HiddenInput)


class HelpForm(forms.Form):
    message = forms.CharField(
        label="What do you need help with?",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your facilitator sees this and replies by email.",
    )
    activity = forms.IntegerField(required=False, widget=forms.HiddenInput)


class InterventionForm(forms.Form):
    action = forms.ChoiceField(label="What did you do?", choices=Intervention.Action.choices)
    outcome = forms.ChoiceField(label="Outcome", choices=Intervention.Outcome.choices)
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resolve = forms.BooleanField(label="Resolve the alert", required=False)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Your reply", max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class RuleForm(forms.Form):
    """One row per rule kind: enabled and N (prefix = the kind)."""

    enabled = forms.BooleanField(required=False, label="On")
    threshold = forms.IntegerField(min_value=1, max_value=365, label="N")

    def __init__(self, data: object = None, *, rule: EngagementRule) -> None:
        super().__init__(data, prefix=rule.kind)  # type: ignore[arg-type]
        self.rule = rule
        self.fields["enabled"].label = f"Enable “{rule.get_kind_display()}”"
        self.fields["threshold"].label = (
            "N (days)" if rule.kind == EngagementRule.Kind.INACTIVE_DAYS else "N (activities)"
        )
        if not self.is_bound:
            self.initial = {"enabled": rule.enabled, "threshold": rule.threshold}
