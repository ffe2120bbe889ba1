"""The skills API: reads, writes, CASE/CSV, coverage, and bad input as problem details."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from credstack.skills.models import Framework

from .factories import item, level


@pytest.fixture
def api(client_for) -> Client:
    return client_for("designer")


def post(c: Client, path: str, body: object):
    return c.post(
        path,
        json.dumps(body) if not isinstance(body, (str, bytes)) else body,
        content_type="application/json",
    )


def test_the_framework_list_paginates(framework, api):
    body = api.get("/api/v1/skills/frameworks?limit=1").json()
    assert body["count"] == 1 and body["items"][0]["title"] == "Northbridge Test Framework"
    assert body["items"][0]["public_url"].endswith("/skills/public/northbridge-test-framework/1.0/")


def test_the_detail_carries_the_tree_and_the_scale(framework):
    body = Client().get(f"/api/v1/skills/frameworks/{framework.pk}").json()
    assert [n["code"] for n in body["tree"]] == ["DA", "SE"]
    assert body["tree"][0]["children"][0]["children"][1]["code"] == "DA.1.2"
    assert [lv["name"] for lv in body["levels"]][:2] == ["Foundation", "Developing"]


def test_items_can_be_searched(framework, api):
    body = api.get(f"/api/v1/skills/frameworks/{framework.pk}/items?q=tabular").json()
    assert [i["code"] for i in body["items"]] == ["DA.1.1"]


def test_an_item_moves_to_the_root_with_parent_id_null(framework, api):
    response = api.patch(
        f"/api/v1/skills/items/{item(framework, 'DA.1.2').pk}",
        json.dumps({"parent_id": None}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["parent_id"] is None


def test_a_new_version_answers_with_the_copy(framework, api):
    response = post(api, f"/api/v1/skills/frameworks/{framework.pk}/versions", {"version": "2.0"})
    assert response.status_code == 201
    assert response.json()["previous_version_id"] == framework.pk and response.json()["is_current"]
    listed = api.get("/api/v1/skills/frameworks?current=true").json()
    assert [f["version"] for f in listed["items"]] == ["2.0"]


def test_alignments_round_trip_through_the_api(framework, api, credential):
    path = f"/api/v1/skills/credentials/{credential.pk}/alignments"
    response = post(
        api,
        path,
        {"item_id": item(framework, "DA.1.1").pk, "proficiency_id": level(framework, 4).pk},
    )
    assert response.status_code == 201 and response.json()["proficiency"]["name"] == "Advanced"
    assert api.get(path).json()["items"][0]["item"]["code"] == "DA.1.1"
    assert api.delete(f"{path}/{item(framework, 'DA.1.1').pk}").status_code == 204
    again = api.delete(f"{path}/{item(framework, 'DA.1.1').pk}")
    assert again.status_code == 404 and again.json()["code"] == "ALIGNMENT_NOT_FOUND"


def test_case_export_imports_back_through_the_api(framework, api, org):
    package = api.get(f"/api/v1/skills/frameworks/{framework.pk}/case").content
    response = api.post(
        f"/api/v1/skills/case-import?organisation_id={org.pk}&keep_identifiers=false&slug=copy",
        package,
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Framework.objects.get(slug="copy").items.count() == framework.items.count()


def test_csv_dry_run_previews_then_commit_writes(framework, api):
    path = f"/api/v1/skills/frameworks/{framework.pk}/csv-import"
    data = b"code,parent_code,kind,title\nN1,DA.1,skill,New one\nN2,NOPE,skill,Orphan\n"
    preview = api.post(path, {"file": SimpleUploadedFile("x.csv", data), "dry_run": "true"})
    assert preview.status_code == 200
    assert (preview.json()["valid"], preview.json()["invalid"], preview.json()["committed"]) == (
        1,
        1,
        False,
    )
    refused = api.post(path, {"file": SimpleUploadedFile("x.csv", data)})
    assert refused.status_code == 422 and not framework.items.filter(code="N1").exists()
    done = api.post(path, {"file": SimpleUploadedFile("x.csv", data), "mode": "valid_rows"})
    assert done.status_code == 200 and done.json()["created"] == 1
    assert framework.items.filter(code="N1").exists()


def test_csv_export_is_served_as_csv(framework):
    response = Client().get(f"/api/v1/skills/frameworks/{framework.pk}/csv")
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response.content.decode().splitlines()[0] == "code,parent_code,kind,title,description,uri"
    )


def test_coverage_endpoint_reports_counts(framework, api, credential, designer):
    from credstack.skills import services

    services.align(credential, item(framework, "SE.1.1"), None, designer)
    body = api.get(f"/api/v1/skills/frameworks/{framework.pk}/coverage?over=0").json()
    assert (body["items"], body["covered"], body["over_covered_count"]) == (7, 3, 1)
    assert {d["code"]: d["covered"] for d in body["domains"]} == {"DA": 0, "SE": 2}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("post", "/api/v1/skills/frameworks", "{not json", 400, "BAD_REQUEST"),
        (
            "post",
            "/api/v1/skills/frameworks",
            {"organisation_id": "x", "title": "T"},
            422,
            "INVALID_INPUT",
        ),
        (
            "post",
            "/api/v1/skills/frameworks",
            {"organisation_id": 999999, "title": "T"},
            404,
            "ORGANISATION_NOT_FOUND",
        ),
        (
            "post",
            "/api/v1/skills/frameworks",
            {"organisation_id": "ORG", "title": "T", "version": "1/0"},
            422,
            "INVALID_FRAMEWORK",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/FW/items",
            {"code": "X", "title": "x" * 301},
            422,
            "INVALID_INPUT",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/FW/items",
            {"code": "X", "title": "T", "kind": "planet"},
            422,
            "INVALID_INPUT",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/FW/items",
            {"code": "X", "title": "T", "parent_id": 999999},
            404,
            "ITEM_NOT_FOUND",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/FW/items",
            {"code": "X", "title": "T", "uri": "ftp://x"},
            422,
            "INVALID_ITEM",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/FW/levels",
            {"rank": 0, "name": "Zero"},
            422,
            "INVALID_INPUT",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/FW/esco",
            {"uri": "http://example.org/skill/1", "title": "x"},
            422,
            "INVALID_ESCO_URI",
        ),
        (
            "post",
            "/api/v1/skills/frameworks/999999/versions",
            {"version": "2"},
            404,
            "FRAMEWORK_NOT_FOUND",
        ),
        ("post", "/api/v1/skills/case-import?organisation_id=ORG", "[]", 422, "CASE_NOT_A_PACKAGE"),
        (
            "post",
            "/api/v1/skills/case-import?organisation_id=ORG",
            b"\xff\xfe\x00garbage",
            422,
            "CASE_ENCODING",
        ),
        ("get", "/api/v1/skills/frameworks/FW/coverage?over=-1", None, 422, "INVALID_INPUT"),
    ],
)
def test_bad_input_is_a_problem_detail_and_writes_nothing(
    framework, org, api, method, path, body, status, code
):
    from credstack.accounts.models import AuditEntry

    path = path.replace("FW", str(framework.pk)).replace("ORG", str(org.pk))
    if isinstance(body, dict):
        body = {k: (org.pk if v == "ORG" else v) for k, v in body.items()}
    entries, items = AuditEntry.objects.count(), framework.items.count()
    if method == "get":
        response = api.get(path)
    else:
        response = post(api, path, body)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    if code:
        assert response.json()["code"] == code
    assert (AuditEntry.objects.count(), framework.items.count()) == (entries, items)


def test_an_oversize_case_body_is_refused_with_413(org, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api.post(
        f"/api/v1/skills/case-import?organisation_id={org.pk}",
        b"{" + b" " * 4096 + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413 and response.json()["code"] == "CASE_TOO_LARGE"
