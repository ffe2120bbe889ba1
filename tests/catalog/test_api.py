"""The catalog API: reading, designing and reviewing, and problem details for bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry
from credstack.catalog.models import MicroCredential
from credstack.catalog.services import ensure_default_checklist

API = "/api/v1/catalog"

BODY = {
    "code": "DATA-150",
    "title": "Dashboards with Power Tools",
    "short_description": "Build dashboards people use.",
    "volume_hours": 12,
    "outcomes": [
        {"text": "Design a dashboard for a stated decision."},
        {"text": "Test it with users."},
    ],
    "criteria": [
        {"text": "The dashboard answers the decision question.", "outcomes": [1]},
        {"text": "The test notes lead to changes.", "outcomes": [2]},
    ],
    "tags": ["Dashboards"],
}


def post(client: Client, path: str, body: object, method: str = "post") -> object:
    return getattr(client, method)(
        f"{API}{path}", data=json.dumps(body), content_type="application/json"
    )


def test_a_designer_creates_and_a_qa_manager_approves_and_publishes_through_the_api(
    client_for, org
):
    designer, qa = client_for("designer"), client_for("qa_manager")
    created = post(designer, "/credentials", BODY)
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert created.json()["criteria"][1]["outcomes"] == [2]
    assert (
        post(designer, f"/credentials/{cid}/transitions", {"action": "submit"}).status_code == 200
    )
    checks = {str(c.pk): {"answer": "yes"} for c in ensure_default_checklist(None, org)}
    approved = post(
        qa, f"/credentials/{cid}/transitions", {"action": "approve", "checklist": checks}
    )
    assert approved.json()["status"] == "approved", approved.content
    published = post(qa, f"/credentials/{cid}/transitions", {"action": "publish"})
    assert published.json()["status"] == "published"
    listed = Client().get(f"{API}/credentials?q=dashboards").json()
    assert [c["code"] for c in listed["items"]] == ["DATA-150"]
    assert listed["items"][0]["url"] == f"/catalogue/{org.slug}/dashboards-with-power-tools/"


def test_editing_a_published_credential_through_the_api_returns_the_new_version(
    client_for, make_credential, publish_credential
):
    v1 = publish_credential(make_credential("DATA-150"))
    response = post(client_for("designer"), f"/credentials/{v1.pk}", BODY, "put")
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["status"]) == (2, "draft")
    assert response.json()["id"] != v1.pk


def test_drafts_are_hidden_from_the_public_and_learners(client_for, make_credential):
    draft = make_credential()
    assert Client().get(f"{API}/credentials/{draft.pk}").status_code == 404
    assert client_for("learner").get(f"{API}/credentials/{draft.pk}").status_code == 404
    assert client_for("qa_manager").get(f"{API}/credentials/{draft.pk}").status_code == 200


def test_four_eyes_is_a_403_problem_detail(client_for, make_credential, org, cast):
    from credstack.accounts.models import Membership, Role

    Membership.objects.create(user=cast["designer"], organisation=org, role=Role.QA_MANAGER)
    credential = make_credential()
    client = client_for("designer")
    post(client, f"/credentials/{credential.pk}/transitions", {"action": "submit"})
    response = post(client, f"/credentials/{credential.pk}/transitions", {"action": "approve"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "FOUR_EYES"


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        ("{not json", 400, "BAD_REQUEST"),
        (json.dumps({**BODY, "volume_hours": "many"}), 422, "INVALID_INPUT"),
        (json.dumps({**BODY, "volume_hours": 500}), 422, "INVALID_INPUT"),
        (json.dumps({**BODY, "delivery_mode": "telepathy"}), 422, "INVALID_INPUT"),
        (json.dumps({**BODY, "outcomes": "everything"}), 422, "INVALID_INPUT"),
        (
            json.dumps({**BODY, "criteria": [{"text": "x", "outcomes": [9]}]}),
            422,
            "UNKNOWN_OUTCOME",
        ),
        (json.dumps([1, 2, 3]), 422, "INVALID_INPUT"),
        (json.dumps({**BODY, "long_description": "x" * 300_000}), 413, "PAYLOAD_TOO_LARGE"),
    ],
)
def test_bad_input_gets_a_problem_detail_and_writes_nothing(client_for, raw, status, code):
    response = client_for("designer").post(
        f"{API}/credentials", data=raw, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert not MicroCredential.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="catalog.").exists()


def test_the_list_paginates(client, org):
    MicroCredential.objects.bulk_create(
        MicroCredential(
            organisation=org,
            code=f"P-{i:02}",
            slug=f"p-{i:02}",
            title=f"P {i:02}",
            short_description="P",
            volume_hours=5,
            status="published",
        )
        for i in range(23)
    )
    first = client.get(f"{API}/credentials").json()
    second = client.get(f"{API}/credentials?page=2").json()
    assert (first["count"], first["pages"], len(first["items"]), len(second["items"])) == (
        23,
        2,
        20,
        3,
    )


def test_the_analysis_endpoint_reports_findings_by_code(client_for, make_credential):
    make_credential("LONE-1")
    body = client_for("qa_manager").get(f"{API}/analysis").json()
    assert [o["code"] for o in body["orphans"]] == ["LONE-1"]
    assert body["cycles"] == []


def test_publishing_through_the_api_with_an_inaccessible_badge_is_a_problem_detail(
    client_for, org, make_credential, cast
):
    from credstack.catalog.services import approve, submit_for_review
    from credstack.design.models import BadgeDesign

    c = make_credential("DATA-160")
    submit_for_review(cast["designer"], c)
    checks = {str(k.pk): {"answer": "yes"} for k in ensure_default_checklist(None, org)}
    approve(cast["qa_manager"], c, checklist=checks)
    BadgeDesign.objects.create(
        organisation=org,
        credential_lineage=c.lineage,
        primary_colour="#777777",
        text_colour="#FFFFFF",
        alt_text="A grey badge for data analysis.",
    )
    refused = post(
        client_for("qa_manager"), f"/credentials/{c.pk}/transitions", {"action": "publish"}
    )
    assert refused.status_code == 422, refused.content
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["code"] == "BADGE_NOT_ACCESSIBLE"
    c.refresh_from_db()
    assert c.status == "approved"
