"""Designers write a credential's assessment tasks while it is a draft.

Tasks are part of the product that QA reviews and approves, so they change only on a draft:
once a credential is in review, approved or published, its tasks are what the learners of that
version were promised, and a change needs a new version (catalog's ``start_new_version``).
Every change is audited (``assessment.task.created`` / ``updated`` / ``deleted``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Role, User
from credstack.accounts.permissions import require_role
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.problems import Conflict, InvalidInput, NotFound

from ..models import AssessmentTask, TaskKind

MAX_PROMPT = 5000
_FIELDS = ["position", "prompt", "kind", "required"]


@dataclass(frozen=True, slots=True)
class TaskInput:
    prompt: str
    kind: str = TaskKind.WRITTEN
    required: bool = True
    position: int = 0


def _editable(actor: User, credential_id: int) -> MicroCredential:
    """Lock the credential (designers of its organisation); refuse unless it is a draft."""
    credential = MicroCredential.objects.select_for_update().filter(pk=credential_id).first()
    if credential is None:
        raise NotFound("No such credential.", code="CREDENTIAL_NOT_FOUND")
    require_role(actor, credential.organisation_id, Role.DESIGNER)
    if credential.status != Lifecycle.DRAFT:
        raise Conflict(
            f"{credential.code} v{credential.version} is {credential.get_status_display().lower()}"
            ", so its assessment tasks can no longer change: they are part of what was reviewed"
            " and promised to learners. Start a new version to change them.",
            code="CREDENTIAL_NOT_DRAFT",
        )
    return credential


def _clean(data: TaskInput) -> TaskInput:
    prompt = (data.prompt or "").strip()
    if not prompt:
        raise InvalidInput("Say what the learner must do or hand in.", code="TASK_PROMPT_REQUIRED")
    if len(prompt) > MAX_PROMPT:
        raise InvalidInput(
            f"Keep the task under {MAX_PROMPT} characters.", code="TASK_PROMPT_TOO_LONG"
        )
    if data.kind not in TaskKind.values:
        raise InvalidInput(
            f"{data.kind!r} is not a task kind; use one of {', '.join(TaskKind.values)}.",
            code="TASK_KIND_INVALID",
        )
    if not 0 <= data.position <= 999:
        raise InvalidInput("Give a position from 0 to 999.", code="TASK_POSITION_INVALID")
    return TaskInput(prompt, data.kind, bool(data.required), data.position)


def _save(task: AssessmentTask) -> None:
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError as e:
        raise Conflict(
            "A credential has at most one reflective statement task.",
            code="ONE_REFLECTION_TASK",
        ) from e


def tasks_of(credential: MicroCredential) -> list[AssessmentTask]:
    """The credential's tasks in the order learners see them."""
    return list(AssessmentTask.objects.filter(credential=credential))


def task_by_id(actor: User, task_id: int) -> AssessmentTask:
    """One task, for designers of its credential's organisation."""
    task = AssessmentTask.objects.select_related("credential").filter(pk=task_id).first()
    if task is None:
        raise NotFound("No such assessment task.", code="TASK_NOT_FOUND")
    require_role(actor, task.credential.organisation_id, Role.DESIGNER)
    return task


@transaction.atomic
def create_task(actor: User, credential_id: int, data: TaskInput) -> AssessmentTask:
    """Add a task to a draft credential (designers)."""
    credential = _editable(actor, credential_id)
    clean = _clean(data)
    task = AssessmentTask(
        credential=credential,
        prompt=clean.prompt,
        kind=clean.kind,
        required=clean.required,
        position=clean.position,
    )
    _save(task)
    record(
        actor,
        "assessment.task.created",
        task,
        organisation=credential.organisation,
        after=snapshot(task, _FIELDS),
    )
    return task


@transaction.atomic
def update_task(actor: User, task_id: int, data: TaskInput) -> AssessmentTask:
    """Change a task of a draft credential (designers)."""
    task = task_by_id(actor, task_id)
    credential = _editable(actor, task.credential_id)
    clean = _clean(data)
    before = snapshot(task, _FIELDS)
    task.prompt, task.kind = clean.prompt, clean.kind
    task.required, task.position = clean.required, clean.position
    _save(task)
    record(
        actor,
        "assessment.task.updated",
        task,
        organisation=credential.organisation,
        before=before,
        after=snapshot(task, _FIELDS),
    )
    return task


@transaction.atomic
def delete_task(actor: User, task_id: int) -> MicroCredential:
    """Remove a task from a draft credential (designers); returns the credential."""
    task = task_by_id(actor, task_id)
    credential = _editable(actor, task.credential_id)
    before = snapshot(task, _FIELDS)
    record(
        actor,
        "assessment.task.deleted",
        task,
        organisation=credential.organisation,
        before=before,
    )
    task.delete()
    return credential
