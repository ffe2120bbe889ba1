"""The permission matrix: every mutating page and endpoint, for every role and for nobody.

Refused callers get 403 (signed in), a redirect to sign in (pages) or 401 (API), and nothing
changes: no catalog row and no audit entry is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry, Role
from credstack.catalog.models import LifecycleEvent, MicroCredential, Offering, Pathway, Stack
from credstack.catalog.services import (
    OfferingInput,
    StackInput,
    ensure_default_checklist,
    save_offering,
    save_stack,
    submit_for_review,
)

WHO = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
DESIGNERS = {"designer", "administrator"}
QA = {"qa_manager", "administrator"}


@pytest.fixture
def world(make_credential, publish_credential, cast, org) -> dict[str, Any]:
    draft = make_credential("DRAFT-1")
    in_review = make_credential("REVIEW-1")
    submit_for_review(cast["designer"], in_review)
    published = publish_credential(make_credential("PUB-1"))
    stack = save_stack(
        cast["designer"], org, StackInput(title="S", award_title="A", member_ids=[published.pk])
    )
    checks = {str(c.pk): {"answer": "yes"} for c in ensure_default_checklist(None, org)}
    offering = save_offering(
        cast["designer"],
        published,
        OfferingInput(title="Run", starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 1)),
    )
    return {
        "offering": offering,
        "draft": draft,
        "in_review": in_review,
        "published": published,
        "stack": stack,
        "checks": checks,
    }


def client_as(who: str, client_for: Callable[[str], Client]) -> Client:
    return Client() if who == "anonymous" else client_for(who)


def state() -> tuple[int, ...]:
    return (
        MicroCredential.objects.count(),
        Stack.objects.count(),
        Pathway.objects.count(),
        Offering.objects.count(),
        LifecycleEvent.objects.count(),
        AuditEntry.objects.count(),
        MicroCredential.objects.filter(status="draft").count(),
        Offering.objects.filter(is_open=False).count(),
    )


def editor_form(code: str) -> dict[str, str]:
    return {
        "code": code,
        "title": "Matrix test",
        "short_description": "A test.",
        "volume_hours": "5",
        "delivery_mode": "online",
        "language": "en",
        "price": "0",
        "currency": "EUR",
        "content_sourcing": "built",
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-0-text": "Do a thing.",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-text": "The thing is done.",
        "criteria-0-assesses": "1",
    }


PAGES: list[tuple[str, set[str], Callable[[dict[str, Any]], tuple[str, dict[str, str]]]]] = [
    ("create credential", DESIGNERS, lambda w: ("/catalogue/manage/new/", editor_form("NEW-1"))),
    (
        "edit draft",
        DESIGNERS,
        lambda w: (f"/catalogue/manage/{w['draft'].pk}/edit/", editor_form("DRAFT-1")),
    ),
    (
        "submit",
        DESIGNERS,
        lambda w: (f"/catalogue/manage/{w['draft'].pk}/status/", {"action": "submit"}),
    ),
    (
        "approve",
        QA,
        lambda w: (
            f"/catalogue/manage/{w['in_review'].pk}/review/",
            {"action": "approve", **{f"check-{k}-answer": "yes" for k in w["checks"]}},
        ),
    ),
    (
        "retire",
        QA,
        lambda w: (
            f"/catalogue/manage/{w['published'].pk}/status/",
            {"action": "retire", "comment": "Old."},
        ),
    ),
    (
        "schedule offering",
        DESIGNERS,
        lambda w: (
            f"/catalogue/manage/{w['published'].pk}/offerings/new/",
            {
                "title": "Cohort",
                "starts_on": "2030-01-01",
                "ends_on": "2030-02-01",
                "delivery_mode": "online",
            },
        ),
    ),
    (
        "edit offering",
        DESIGNERS,
        lambda w: (
            f"/catalogue/manage/{w['published'].pk}/offerings/{w['offering'].pk}/",
            {
                "title": "Renamed run",
                "starts_on": "2030-01-01",
                "ends_on": "2030-02-01",
                "delivery_mode": "online",
                "is_open": "on",
            },
        ),
    ),
    (
        "cancel offering",
        DESIGNERS,
        lambda w: (
            f"/catalogue/manage/{w['published'].pk}/offerings/{w['offering'].pk}/cancel/",
            {"reason": "Not enough learners."},
        ),
    ),
    (
        "create stack",
        DESIGNERS,
        lambda w: (
            "/catalogue/manage/stacks/new/",
            {"title": "T", "award_title": "A", "rule": "all_of", "members": str(w["published"].pk)},
        ),
    ),
    (
        "delete stack",
        DESIGNERS,
        lambda w: (f"/catalogue/manage/stacks/{w['stack'].pk}/delete/", {}),
    ),
    (
        "create pathway",
        DESIGNERS,
        lambda w: (
            "/catalogue/manage/pathways/new/",
            {"title": "P", "from_stack": str(w["stack"].pk), "external_award": "MSc"},
        ),
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "allowed", "request_for"), PAGES, ids=[p[0] for p in PAGES])
def test_mutating_pages_follow_the_permission_matrix(
    world, client_for, who, name, allowed, request_for
):
    url, data = request_for(world)
    before = state()
    response = client_as(who, client_for).post(url, data)
    if who in allowed:
        assert response.status_code == 302, (name, who, response.status_code)
        assert state() != before, f"{name} by {who} changed nothing"
    else:
        expected = {302} if who == "anonymous" else {403}
        assert response.status_code in expected, (name, who, response.status_code)
        if who == "anonymous":
            assert "/accounts/login" in response["Location"]
        assert state() == before


API = "/api/v1/catalog"
BODY = {
    "code": "API-1",
    "title": "Via API",
    "short_description": "x",
    "volume_hours": 5,
    "outcomes": [{"text": "o"}],
    "criteria": [{"text": "c", "outcomes": [1]}],
}
ENDPOINTS: list[tuple[str, set[str], Callable[[dict[str, Any]], tuple[str, str, Any]]]] = [
    ("create credential", DESIGNERS, lambda w: ("post", "/credentials", BODY)),
    (
        "update draft",
        DESIGNERS,
        lambda w: ("put", f"/credentials/{w['draft'].pk}", {**BODY, "code": "DRAFT-1"}),
    ),
    (
        "submit",
        DESIGNERS,
        lambda w: ("post", f"/credentials/{w['draft'].pk}/transitions", {"action": "submit"}),
    ),
    (
        "approve",
        QA,
        lambda w: (
            "post",
            f"/credentials/{w['in_review'].pk}/transitions",
            {"action": "approve", "checklist": w["checks"]},
        ),
    ),
    (
        "retire",
        QA,
        lambda w: (
            "post",
            f"/credentials/{w['published'].pk}/transitions",
            {"action": "retire", "comment": "Old"},
        ),
    ),
    (
        "schedule offering",
        DESIGNERS,
        lambda w: (
            "post",
            f"/credentials/{w['published'].pk}/offerings",
            {"title": "C", "starts_on": "2030-01-01", "ends_on": "2030-02-01"},
        ),
    ),
    (
        "update offering",
        DESIGNERS,
        lambda w: (
            "put",
            f"/credentials/{w['published'].pk}/offerings/{w['offering'].pk}",
            {"title": "Renamed", "starts_on": "2030-01-01", "ends_on": "2030-02-01"},
        ),
    ),
    (
        "cancel offering",
        DESIGNERS,
        lambda w: (
            "post",
            f"/credentials/{w['published'].pk}/offerings/{w['offering'].pk}/cancellation",
            {"reason": "Not enough learners."},
        ),
    ),
    (
        "create stack",
        DESIGNERS,
        lambda w: (
            "post",
            "/stacks",
            {"title": "T", "award_title": "A", "members": [w["published"].pk]},
        ),
    ),
    (
        "update stack",
        DESIGNERS,
        lambda w: (
            "put",
            f"/stacks/{w['stack'].pk}",
            {"title": "T2", "award_title": "A", "members": [w["published"].pk]},
        ),
    ),
    ("delete stack", DESIGNERS, lambda w: ("delete", f"/stacks/{w['stack'].pk}", None)),
    (
        "create pathway",
        DESIGNERS,
        lambda w: (
            "post",
            "/pathways",
            {"title": "P", "from_stack_id": w["stack"].pk, "external_award": "MSc"},
        ),
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("name", "allowed", "request_for"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_mutating_endpoints_follow_the_permission_matrix(
    world, client_for, who, name, allowed, request_for
):
    method, path, body = request_for(world)
    before = state()
    client = client_as(who, client_for)
    kwargs = (
        {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    )
    response = getattr(client, method)(f"{API}{path}", **kwargs)
    if who in allowed:
        assert response.status_code in (200, 201, 204), (name, who, response.content)
        assert state() != before
    else:
        assert response.status_code in ({401} if who == "anonymous" else {403, 404}), (
            name,
            who,
            response.status_code,
        )
        assert response["Content-Type"] == "application/problem+json"
        assert state() == before
