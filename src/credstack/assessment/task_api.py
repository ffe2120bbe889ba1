"""Assessment tasks API (designers): list, add, change and delete a draft credential's tasks.

Mounted under /api/v1/assessment. Changing the tasks of a credential that is no longer a draft
is a 409 ``CREDENTIAL_NOT_DRAFT`` problem detail.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.api_auth import api_auth
from credstack.accounts.models import Role, User
from credstack.accounts.permissions import has_role
from credstack.catalog.models import MicroCredential
from credstack.problems import NotFound

from .models import AssessmentTask
from .schemas import TaskIn, TaskOut
from .services import TaskInput, create_task, delete_task, tasks_of, update_task

router = Router(auth=api_auth, tags=["assessment"])


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _out(task: AssessmentTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "credential": task.credential_id,
        "prompt": task.prompt,
        "kind": task.kind,
        "required": task.required,
        "position": task.position,
    }


def _input(body: TaskIn) -> TaskInput:
    return TaskInput(body.prompt, body.kind, body.required, body.position)


@router.get("/credentials/{credential_id}/tasks", response=list[TaskOut])
@paginate(Page)
def list_tasks(request: HttpRequest, credential_id: int) -> list[dict[str, Any]]:
    """A credential's tasks in order (its designers)."""
    credential = MicroCredential.objects.filter(pk=credential_id).first()
    if credential is None:
        raise NotFound("No such credential.", code="CREDENTIAL_NOT_FOUND")
    if not has_role(_caller(request), credential.organisation_id, Role.DESIGNER):
        raise PermissionDenied("Assessment tasks are written by the credential's designers.")
    return [_out(t) for t in tasks_of(credential)]


@router.post("/credentials/{credential_id}/tasks", response={201: TaskOut})
def add_task(request: HttpRequest, credential_id: int, body: TaskIn) -> Status:
    """Add a task to a draft credential."""
    return Status(201, _out(create_task(_caller(request), credential_id, _input(body))))


@router.put("/tasks/{task_id}", response=TaskOut)
def change_task(request: HttpRequest, task_id: int, body: TaskIn) -> dict[str, Any]:
    """Replace a task of a draft credential."""
    return _out(update_task(_caller(request), task_id, _input(body)))


@router.delete("/tasks/{task_id}", response={204: None})
def remove_task(request: HttpRequest, task_id: int) -> Status:
    """Delete a task of a draft credential."""
    delete_task(_caller(request), task_id)
    return Status(204, None)
