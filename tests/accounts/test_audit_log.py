from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.utils import timezone

from credstack.accounts import audit
from credstack.accounts.audit_search import diff
from credstack.accounts.models import AuditEntry, Membership, Role

EVERYONE = [r.value for r in Role] + ["learner", "outsider"]


@pytest.fixture
def entries(cast, org):
    """Three entries by two people, one of them dated last year."""
    admin_user, designer = cast[Role.ADMINISTRATOR], cast[Role.DESIGNER]
    membership = Membership.objects.get(user=designer)
    made = [
        audit.record(
            admin_user,
            "accounts.membership.updated",
            membership,
            before={"role": "assessor", "user": designer.pk},
            after={"role": "designer", "user": designer.pk},
        ),
        audit.record(designer, "catalog.credential.submitted", org, note="ready for review"),
        audit.record(
            admin_user, "accounts.membership.created", membership, after={"role": "designer"}
        ),
    ]
    # created_at is auto_now_add, and the model refuses updates: backdate with raw SQL.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET created_at = %s WHERE id = %s",
            [timezone.now() - dt.timedelta(days=400), made[2].pk],
        )
    return made


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_and_analysts_can_read_the_audit_log(who, cast, client_for, entries):
    response = client_for(who).get("/accounts/audit/")
    assert response.status_code == (200 if who in (Role.ADMINISTRATOR, Role.ANALYST) else 403)


def test_anonymous_visitors_are_sent_to_log_in(client, entries):
    assert client.get("/accounts/audit/")["Location"].startswith("/accounts/login/")


def test_the_page_shows_entries_with_their_before_and_after_values(client_for, entries):
    html = client_for(Role.ANALYST).get("/accounts/audit/").content.decode()
    assert "accounts.membership.updated" in html
    assert '<td class="old">assessor</td><td class="new">designer</td>' in html
    assert "ready for review" in html
    assert "3 entries" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=accounts.", {"accounts.membership.updated", "accounts.membership.created"}),
        ("action=catalog", {"catalog.credential.submitted"}),
        ("actor=designer@", {"catalog.credential.submitted"}),
        ("object_type=accounts.organisation", {"catalog.credential.submitted"}),
        (
            "since=" + (timezone.now() - dt.timedelta(days=30)).date().isoformat(),
            {"accounts.membership.updated", "catalog.credential.submitted"},
        ),
        (
            "until=" + (timezone.now() - dt.timedelta(days=30)).date().isoformat(),
            {"accounts.membership.created"},
        ),
    ],
)
def test_the_page_and_the_api_filter_the_same_way(client_for, entries, org, query, expected):
    client = client_for(Role.ADMINISTRATOR)
    html = client.get(f"/accounts/audit/?{query}").content.decode()
    assert {
        a
        for a in (
            "accounts.membership.updated",
            "accounts.membership.created",
            "catalog.credential.submitted",
        )
        if f"<code>{a}</code>" in html
    } == expected
    body = client.get(f"/api/v1/accounts/organisations/{org.pk}/audit?{query}").json()
    assert {item["action"] for item in body["items"]} == expected
    assert body["count"] == len(expected)


def test_filtering_by_object_id_finds_one_objects_history(client_for, entries):
    membership_id = entries[0].object_id
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(f"/accounts/audit/?object_type=accounts.membership&object_id={membership_id}")
        .content.decode()
    )
    assert "2 entries" in html


def test_a_reversed_date_range_is_a_form_error(client_for, entries):
    response = client_for(Role.ADMINISTRATOR).get(
        "/accounts/audit/?since=2025-02-01&until=2025-01-01"
    )
    assert response.status_code == 400
    assert "must be on or before" in response.content.decode()


def test_a_malformed_date_is_a_form_error_on_the_page_and_422_in_the_api(client_for, entries, org):
    client = client_for(Role.ADMINISTRATOR)
    assert client.get("/accounts/audit/?since=yesterday").status_code == 400
    response = client.get(f"/api/v1/accounts/organisations/{org.pk}/audit?since=yesterday")
    assert (response.status_code, response.json()["code"]) == (422, "INVALID_INPUT")


def test_the_page_is_paginated(client_for, cast, org):
    for n in range(55):
        audit.record(cast[Role.ADMINISTRATOR], "accounts.test.recorded", org, note=f"entry {n}")
    client = client_for(Role.ADMINISTRATOR)
    first = client.get("/accounts/audit/").content.decode()
    second = client.get("/accounts/audit/?page=2").content.decode()
    assert "Page 1 of 2" in first and "entry 54" in first and "entry 4<" not in first
    assert "Page 2 of 2" in second and "entry 4<" in second
    assert client.get("/accounts/audit/?page=banana").status_code == 200


def test_entries_of_other_organisations_are_not_shown(client_for, cast, partner):
    audit.record(cast[Role.ADMINISTRATOR], "accounts.secret.thing", partner)
    assert (
        "accounts.secret.thing"
        not in client_for(Role.ADMINISTRATOR).get("/accounts/audit/").content.decode()
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_the_audit_api_is_for_administrators_and_analysts(who, cast, client_for, entries, org):
    response = client_for(who).get(f"/api/v1/accounts/organisations/{org.pk}/audit")
    expected = (
        200
        if who in (Role.ADMINISTRATOR, Role.ANALYST)
        else 404
        if who in ("learner", "outsider")
        else 403
    )
    assert response.status_code == expected


def test_the_orm_refuses_to_change_or_delete_entries(entries):
    entry = entries[0]
    entry.action = "accounts.history.rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x.y")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "accounts.membership.updated"


def test_the_django_admin_shows_the_audit_log_read_only(cast):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = cast[Role.ADMINISTRATOR]
    request.user.is_superuser = True
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_django_admin_pages_for_accounts_load(cast, entries):
    superuser = cast[Role.ADMINISTRATOR]
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client = Client()
    client.force_login(superuser)
    for model in ["user", "organisation", "membership", "apitoken", "outboxmessage", "auditentry"]:
        assert client.get(f"/admin/accounts/{model}/").status_code == 200, model
    assert client.get(f"/admin/accounts/auditentry/{entries[0].pk}/change/").status_code == 200
    assert client.get("/admin/accounts/auditentry/add/").status_code == 403


def test_diff_lists_changed_added_and_removed_fields_in_order():
    changes = diff(
        {"role": "assessor", "gone": 1, "same": True},
        {"role": "designer", "new": "x", "same": True},
    )
    assert [(c.field, c.kind) for c in changes] == [
        ("gone", "removed"),
        ("new", "added"),
        ("role", "changed"),
    ]
    assert diff(None, None) == []
