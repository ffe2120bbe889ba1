"""Forms for the staff pages: they parse input; the services decide and enforce."""

from __future__ import annotations

from django import forms

from credstack.problems import Problem

from .interchange import csv_format
from .models import Framework, FrameworkItem, ProficiencyLevel
from .services import ALL_OR_NOTHING, VALID_ROWS


def show_problem(form: forms.Form, problem: Problem) -> None:
    """Put a service's problem on the form: on the fields it names, else at the top."""
    placed = False
    for error in problem.errors:
        loc = error.get("loc") or []
        field = loc[0] if loc else None
        if field in form.fields:
            form.add_error(field, error.get("msg", problem.detail))
            placed = True
    if not placed:
        form.add_error(None, problem.detail)


class FrameworkForm(forms.Form):
    title = forms.CharField(max_length=200)
    version = forms.CharField(max_length=30, initial="1.0", help_text="e.g. 1.0")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    publisher = forms.CharField(max_length=200, required=False)
    uri = forms.URLField(
        label="Framework URI", max_length=500, required=False, assume_scheme="https"
    )
    over_coverage_threshold = forms.IntegerField(
        label="Over-coverage threshold",
        min_value=0,
        max_value=10_000,
        initial=5,
        help_text="An item aligned to more credentials than this is flagged as over-covered.",
    )


class FrameworkEditForm(FrameworkForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["version"]


class VersionForm(forms.Form):
    version = forms.CharField(label="New version", max_length=30, help_text="e.g. 2.0")


class LevelForm(forms.Form):
    rank = forms.IntegerField(min_value=1, max_value=100)
    name = forms.CharField(max_length=100)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=FrameworkItem.Kind.choices)
    code = forms.CharField(max_length=60, help_text="e.g. DA.2.1")
    title = forms.CharField(max_length=300)
    parent = forms.ModelChoiceField(
        queryset=FrameworkItem.objects.none(), required=False, empty_label="(top level)"
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    uri = forms.URLField(
        label="URI",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="An external concept URI, e.g. an ESCO skill.",
    )

    def __init__(self, framework: Framework, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = framework.items.exclude(kind=FrameworkItem.Kind.SKILL).order_by("code")
        parent.label_from_instance = lambda i: f"{i.code} {i.title} ({i.get_kind_display()})"  # type: ignore[method-assign,assignment]


class EscoForm(forms.Form):
    uri = forms.CharField(
        label="ESCO skill URI",
        max_length=500,
        help_text="http://data.europa.eu/esco/skill/ followed by the skill's UUID",
    )
    title = forms.CharField(
        max_length=300, help_text="The skill's preferred label, as ESCO gives it."
    )
    code = forms.CharField(
        max_length=60, required=False, help_text="Leave empty for ESCO-<first part of the UUID>."
    )
    parent = forms.ModelChoiceField(
        queryset=FrameworkItem.objects.none(), required=False, empty_label="(top level)"
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, framework: Framework, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = framework.items.exclude(kind=FrameworkItem.Kind.SKILL).order_by("code")


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"Columns: {', '.join(csv_format.COLUMNS)}. UTF-8, at most 2 MB.",
    )


class CsvCommitForm(forms.Form):
    digest = forms.CharField(max_length=64, widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        choices=[(ALL_OR_NOTHING, "all"), (VALID_ROWS, "valid rows")], widget=forms.HiddenInput
    )


class CaseUploadForm(forms.Form):
    file = forms.FileField(
        label="CASE package (JSON)", help_text="A 1EdTech CASE 1.0 CFPackage, at most 5 MB."
    )
    slug = forms.SlugField(
        max_length=80, required=False, help_text="Optional: the framework's short name."
    )
    fresh_identifiers = forms.BooleanField(
        required=False,
        label="Import as a copy (new identifiers)",
        help_text="Tick when the same document is already imported here.",
    )


class ItemSearchForm(forms.Form):
    q = forms.CharField(label="Search items", max_length=200, required=False)
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(), required=False, empty_label="All frameworks"
    )
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *FrameworkItem.Kind.choices], required=False
    )

    def __init__(self, frameworks: object, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["framework"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = frameworks  # type: ignore[assignment]


class AlignForm(forms.Form):
    item = forms.ModelChoiceField(queryset=FrameworkItem.objects.all(), widget=forms.HiddenInput)
    proficiency = forms.ModelChoiceField(queryset=ProficiencyLevel.objects.all(), required=False)
