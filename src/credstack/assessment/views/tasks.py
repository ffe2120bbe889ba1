"""Designers' page for a credential's assessment tasks: list, add, edit, delete (drafts only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.accounts.models import Role, User
from credstack.accounts.permissions import has_role
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.problems import Problem

from ..forms import TaskForm
from ..services import TaskInput, create_task, delete_task, task_by_id, tasks_of, update_task

DENIED = "Assessment tasks are written by the credential's designers."


def _designer_credential(request: HttpRequest, credential_id: int) -> MicroCredential:
    credential = get_object_or_404(MicroCredential, pk=credential_id)
    if not has_role(request.user, credential.organisation_id, Role.DESIGNER):
        raise PermissionDenied(DENIED)
    return credential


def _input(form: TaskForm) -> TaskInput:
    data = form.cleaned_data
    return TaskInput(data["prompt"], data["kind"], data["required"], data["position"])


@login_required
def tasks(request: HttpRequest, credential_id: int) -> HttpResponse:
    """List the tasks; POST adds one (refused with a message unless the credential is a draft)."""
    credential = _designer_credential(request, credential_id)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_task(request.user, credential.pk, _input(form))  # type: ignore[arg-type]
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(request, "The task was added.")
            return redirect("assessment:tasks", credential_id=credential.pk)
    context = {
        "credential": credential,
        "tasks": tasks_of(credential),
        "form": form,
        "editable": credential.status == Lifecycle.DRAFT,
    }
    return render(request, "assessment/tasks.html", context, status=400 if form.errors else 200)


@login_required
def edit_task(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        task = task_by_id(user, pk)
    except Problem as e:
        raise PermissionDenied(DENIED) from e
    initial = {
        "prompt": task.prompt,
        "kind": task.kind,
        "required": task.required,
        "position": task.position,
    }
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_task(user, task.pk, _input(form))
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(request, "The task was saved.")
            return redirect("assessment:tasks", credential_id=task.credential_id)
    context = {"task": task, "credential": task.credential, "form": form}
    return render(request, "assessment/task_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def remove_task(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        task = task_by_id(user, pk)
    except Problem as e:
        raise PermissionDenied(DENIED) from e
    try:
        delete_task(user, task.pk)
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, "The task was deleted.")
    return redirect("assessment:tasks", credential_id=task.credential_id)
