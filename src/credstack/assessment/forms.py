"""Turn posted form fields into the services' input shapes (pages and the API share these).

Field names: ``task-<id>`` (text or link, or files for a file task), ``reflection``; for RPL
``item-<n>-description``, ``item-<n>-link``, ``item-<n>-file``, ``item-<n>-criteria`` (one
value per criterion id), ``n`` from 1 to :data:`MAX_PORTFOLIO_ITEMS`.
"""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from credstack.problems import InvalidInput

from .models import AssessmentTask, TaskKind
from .services import CriterionInput, PortfolioInput, SubmissionInput

MAX_PORTFOLIO_ITEMS = 12
MAX_FILES_PER_TASK = 10


def _int(value: str, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as e:
        raise InvalidInput(f"{what} “{value}” is not a number.", code="INVALID_INPUT") from e


def submission_input(
    post: QueryDict, files: MultiValueDict, tasks: list[AssessmentTask]
) -> SubmissionInput:
    data = SubmissionInput(reflection=post.get("reflection", ""))
    for task in tasks:
        key = f"task-{task.pk}"
        if task.kind == TaskKind.FILE:
            uploads = files.getlist(key)
            if len(uploads) > MAX_FILES_PER_TASK:
                raise InvalidInput(
                    f"Attach at most {MAX_FILES_PER_TASK} files to one task.", code="TOO_MANY_FILES"
                )
            data.files[task.pk] = uploads
        elif task.kind != TaskKind.REFLECTION:
            data.answers[task.pk] = post.get(key, "")
    return data


def portfolio_input(post: QueryDict, files: MultiValueDict) -> list[PortfolioInput]:
    """The filled-in portfolio rows; rows left entirely blank are skipped."""
    items: list[PortfolioInput] = []
    for n in range(1, MAX_PORTFOLIO_ITEMS + 1):
        prefix = f"item-{n}-"
        description = post.get(prefix + "description", "")
        link = post.get(prefix + "link", "")
        upload = files.get(prefix + "file")
        ids = [_int(v, "Criterion") for v in post.getlist(prefix + "criteria")]
        if not (description.strip() or link.strip() or upload or ids):
            continue
        items.append(
            PortfolioInput(description=description, criterion_ids=ids, link=link, file=upload)
        )
    return items


def criteria_input(post: QueryDict, criterion_ids: list[int]) -> list[CriterionInput]:
    """``criterion-<id>`` is "met" or "not_yet_met"; ``criterion-<id>-feedback`` is free text."""
    judged: list[CriterionInput] = []
    for cid in criterion_ids:
        value = post.get(f"criterion-{cid}", "")
        if value not in ("met", "not_yet_met"):
            raise InvalidInput(
                "Mark every criterion as met or not yet met.", code="CRITERIA_INCOMPLETE"
            )
        judged.append(
            CriterionInput(cid, value == "met", post.get(f"criterion-{cid}-feedback", ""))
        )
    return judged


class TaskForm(forms.Form):
    """One assessment task: what the learner does or hands in."""

    prompt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Say what the learner must do or hand in, and how it will be judged.",
    )
    kind = forms.ChoiceField(choices=TaskKind.choices, initial=TaskKind.WRITTEN)
    required = forms.BooleanField(required=False, initial=True)
    position = forms.IntegerField(min_value=0, max_value=999, initial=0)
