"""Designers write a draft credential's assessment tasks; published ones refuse changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry, Organisation, Role, User
from credstack.accounts.services.tokens import create_token
from credstack.assessment.models import AssessmentTask
from credstack.assessment.services import TaskInput, create_task, update_task
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.problems import Conflict, InvalidInput

pytestmark = pytest.mark.django_db

WHO = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
DESIGNERS = {"designer", "administrator"}


@pytest.fixture
def draft(org: Organisation) -> MicroCredential:
    return MicroCredential.objects.create(
        organisation=org,
        code="DATA-201",
        slug="dashboards-that-decide",
        title="Dashboards that Decide",
        short_description="Build a dashboard that answers one decision question.",
        volume_hours=20,
        status=Lifecycle.DRAFT,
    )


@pytest.fixture
def task(draft: MicroCredential) -> AssessmentTask:
    return AssessmentTask.objects.create(
        credential=draft, position=1, prompt="Upload your dashboard as a PDF.", kind="file"
    )


def _state() -> list[tuple[Any, ...]]:
    return sorted(
        AssessmentTask.objects.values_list("pk", "credential_id", "prompt", "kind", "required")
    )


def _api(who: str, cast: dict[str, User]) -> Client:
    if who == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(cast[who], 'tasks').secret}")


def test_a_designer_adds_edits_and_deletes_tasks_on_the_page_with_audit_entries(
    client_for, draft, cast
):
    page = client_for("designer")
    url = f"/assessment/credentials/{draft.pk}/tasks/"
    added = page.post(url, {"prompt": "Write 300 words.", "kind": "written", "position": 1})
    assert added.status_code == 302
    task = AssessmentTask.objects.get(credential=draft)
    assert (task.prompt, task.kind, task.required) == ("Write 300 words.", "written", False)
    edited = page.post(
        f"/assessment/tasks/{task.pk}/edit/",
        {"prompt": "Write 400 words.", "kind": "written", "required": "on", "position": 2},
    )
    assert edited.status_code == 302
    task.refresh_from_db()
    assert (task.prompt, task.required, task.position) == ("Write 400 words.", True, 2)
    assert b"Write 400 words." in page.get(url).content
    assert page.post(f"/assessment/tasks/{task.pk}/delete/").status_code == 302
    assert not AssessmentTask.objects.exists()
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_id"))
    assert entries == [
        ("assessment.task.created", cast["designer"].pk),
        ("assessment.task.updated", cast["designer"].pk),
        ("assessment.task.deleted", cast["designer"].pk),
    ]
    updated = AuditEntry.objects.get(action="assessment.task.updated")
    assert updated.before["prompt"] == "Write 300 words."
    assert updated.after["prompt"] == "Write 400 words."


def test_a_published_credential_refuses_new_tasks_with_a_clear_message(
    client_for, draft, task, cast
):
    draft.status = Lifecycle.PUBLISHED
    draft.save()
    before = _state()
    page = client_for("designer")
    shown = page.get(f"/assessment/credentials/{draft.pk}/tasks/").content.decode()
    assert "can no longer change" in shown and "Add a task" not in shown
    refused = page.post(
        f"/assessment/credentials/{draft.pk}/tasks/",
        {"prompt": "More.", "kind": "written", "position": 0},
    )
    assert refused.status_code == 400
    assert "is published, so its assessment tasks can no longer change" in refused.content.decode()
    with pytest.raises(Conflict) as conflict:
        update_task(cast["designer"], task.pk, TaskInput("Changed."))
    assert conflict.value.code == "CREDENTIAL_NOT_DRAFT"
    api = _api("designer", cast)
    deleted = api.delete(f"/api/v1/assessment/tasks/{task.pk}")
    assert deleted.status_code == 409 and deleted.json()["code"] == "CREDENTIAL_NOT_DRAFT"
    assert _state() == before
    assert not AuditEntry.objects.exists()


def test_bad_task_input_is_refused_and_nothing_is_written(draft, cast):
    with pytest.raises(InvalidInput) as empty:
        create_task(cast["designer"], draft.pk, TaskInput("   "))
    assert empty.value.code == "TASK_PROMPT_REQUIRED"
    with pytest.raises(InvalidInput) as kind:
        create_task(cast["designer"], draft.pk, TaskInput("Do it.", kind="essay"))
    assert kind.value.code == "TASK_KIND_INVALID"
    create_task(cast["designer"], draft.pk, TaskInput("Reflect.", kind="reflection"))
    with pytest.raises(Conflict) as second:
        create_task(cast["designer"], draft.pk, TaskInput("Reflect again.", kind="reflection"))
    assert second.value.code == "ONE_REFLECTION_TASK"
    api = _api("designer", cast)
    url = f"/api/v1/assessment/credentials/{draft.pk}/tasks"
    assert api.post(url, data=b"{no", content_type="application/json").status_code in (400, 422)
    wrong = api.post(
        url, data=json.dumps({"prompt": "x", "position": "first"}), content_type="application/json"
    )
    assert wrong.status_code == 422
    assert AssessmentTask.objects.count() == 1


def test_the_api_lists_adds_changes_and_deletes_tasks(draft, task, cast):
    api = _api("designer", cast)
    url = f"/api/v1/assessment/credentials/{draft.pk}/tasks"
    added = api.post(
        url,
        data=json.dumps({"prompt": "Link your dashboard.", "kind": "link", "position": 2}),
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    listed = api.get(url).json()
    assert listed["count"] == 2
    assert [t["kind"] for t in listed["items"]] == ["file", "link"]
    changed = api.put(
        f"/api/v1/assessment/tasks/{added.json()['id']}",
        data=json.dumps({"prompt": "Link it.", "kind": "link", "required": False, "position": 3}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["required"] is False
    assert api.delete(f"/api/v1/assessment/tasks/{task.pk}").status_code == 204
    assert list(AssessmentTask.objects.values_list("prompt", flat=True)) == ["Link it."]


@pytest.mark.parametrize("who", WHO)
def test_only_designers_may_change_tasks_on_the_page(who, client_for, draft, task):
    before = _state()
    client = Client() if who == "anonymous" else client_for(who)
    responses = [
        client.get(f"/assessment/credentials/{draft.pk}/tasks/"),
        client.post(
            f"/assessment/credentials/{draft.pk}/tasks/",
            {"prompt": "New.", "kind": "written", "position": 0},
        ),
        client.post(
            f"/assessment/tasks/{task.pk}/edit/",
            {"prompt": "Edited.", "kind": "written", "position": 0},
        ),
        client.post(f"/assessment/tasks/{task.pk}/delete/"),
    ]
    codes = [r.status_code for r in responses]
    if who in DESIGNERS:
        assert codes == [200, 302, 302, 302]
        return
    assert codes == [302 if who == "anonymous" else 403] * 4
    assert _state() == before


@pytest.mark.parametrize("who", WHO)
def test_only_designers_may_change_tasks_through_the_api(who, cast, draft, task):
    before = _state()
    api = _api(who, cast)
    body = json.dumps({"prompt": "New.", "kind": "written"})
    codes = [
        api.get(f"/api/v1/assessment/credentials/{draft.pk}/tasks").status_code,
        api.post(
            f"/api/v1/assessment/credentials/{draft.pk}/tasks",
            data=body,
            content_type="application/json",
        ).status_code,
        api.put(
            f"/api/v1/assessment/tasks/{task.pk}", data=body, content_type="application/json"
        ).status_code,
        api.delete(f"/api/v1/assessment/tasks/{task.pk}").status_code,
    ]
    if who in DESIGNERS:
        assert codes == [200, 201, 200, 204]
        return
    assert codes == [401 if who == "anonymous" else 403] * 4
    assert _state() == before
