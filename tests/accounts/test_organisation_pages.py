from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import (
    AuditEntry,
    Membership,
    Organisation,
    OutboxMessage,
    Role,
    User,
)

EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]


def client_as(who: str, client_for: Callable[[str], Client]) -> Client:
    return Client() if who == "anonymous" else client_for(who)


def state() -> tuple[list[tuple[int, int, str]], int, int]:
    memberships = sorted(Membership.objects.values_list("user_id", "organisation_id", "role"))
    return memberships, User.objects.count(), AuditEntry.objects.count()


def expect_refused(response, who: str) -> None:
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_can_add_members(who, cast, client_for, org):
    before = state()
    response = client_as(who, client_for).post(
        "/accounts/organisation/members/",
        {"email": "new.person@example.org", "name": "New Person", "role": Role.ASSESSOR},
    )
    if who == Role.ADMINISTRATOR:
        assert response.status_code == 302
        new = User.objects.get(email="new.person@example.org")
        assert Membership.objects.filter(user=new, organisation=org, role=Role.ASSESSOR).exists()
        assert not new.has_usable_password()
        actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
        assert actions == ["accounts.user.invited", "accounts.membership.created"]
        invitation = OutboxMessage.objects.get(to="new.person@example.org", category="invitation")
        assert "/accounts/password/reset/" in invitation.body_text
    else:
        expect_refused(response, who)
        assert state() == before
        assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_can_give_roles(who, cast, client_for, org):
    designer = cast[Role.DESIGNER]
    before = state()
    response = client_as(who, client_for).post(
        f"/accounts/organisation/members/{designer.pk}/roles/", {"role": Role.ASSESSOR}
    )
    if who == Role.ADMINISTRATOR:
        assert response.status_code == 302
        assert Membership.objects.filter(user=designer, role=Role.ASSESSOR).exists()
        entry = AuditEntry.objects.get(action="accounts.membership.created")
        assert entry.after["role"] == Role.ASSESSOR
        assert entry.actor == cast[Role.ADMINISTRATOR]
    else:
        expect_refused(response, who)
        assert state() == before


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_can_remove_roles(who, cast, client_for, org):
    membership = Membership.objects.get(user=cast[Role.ANALYST])
    before = state()
    response = client_as(who, client_for).post(
        f"/accounts/organisation/memberships/{membership.pk}/remove/"
    )
    if who == Role.ADMINISTRATOR:
        assert response.status_code == 302
        assert not Membership.objects.filter(pk=membership.pk).exists()
        entry = AuditEntry.objects.get(action="accounts.membership.deleted")
        assert entry.before["role"] == Role.ANALYST
        assert entry.object_id == str(membership.pk)
    else:
        expect_refused(response, who)
        assert state() == before


def test_the_last_administrator_cannot_be_removed(cast, client_for):
    membership = Membership.objects.get(user=cast[Role.ADMINISTRATOR])
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        f"/accounts/organisation/memberships/{membership.pk}/remove/", follow=True
    )
    assert "last administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.count() == 0


def test_giving_a_role_twice_is_a_clear_message_not_an_error(cast, client_for):
    client = client_for(Role.ADMINISTRATOR)
    designer = cast[Role.DESIGNER]
    response = client.post(
        f"/accounts/organisation/members/{designer.pk}/roles/", {"role": Role.DESIGNER}, follow=True
    )
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert AuditEntry.objects.count() == 0


def test_bad_input_on_the_add_member_form_is_a_form_error(cast, client_for):
    client = client_for(Role.ADMINISTRATOR)
    before = state()
    for data in [
        {"email": "not an email", "role": Role.DESIGNER},
        {"email": "a@example.org", "role": "emperor"},
    ]:
        assert client.post("/accounts/organisation/members/", data).status_code == 400
    assert state() == before


def test_a_member_of_another_organisation_cannot_be_given_a_role_here(cast, client_for, partner):
    stranger = User.objects.create_user("stranger", "stranger@example.org", "x")
    Membership.objects.create(user=stranger, organisation=partner, role=Role.DESIGNER)
    client_for(Role.ADMINISTRATOR).post(
        f"/accounts/organisation/members/{stranger.pk}/roles/", {"role": Role.DESIGNER}
    )
    assert not Membership.objects.filter(user=stranger, organisation__slug="northbridge").exists()


@pytest.mark.parametrize("who", [r.value for r in Role])
def test_every_member_of_staff_can_see_the_organisation_page(who, cast, client_for):
    response = client_for(who).get("/accounts/organisation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Northbridge Institute of Technology" in html
    assert ("Add a member" in html) is (who == Role.ADMINISTRATOR)


def test_people_without_a_membership_get_a_helpful_403(cast, client_for):
    response = client_for("learner").get("/accounts/organisation/")
    assert response.status_code == 403
    assert "not a member of any organisation" in response.content.decode()


def test_the_switcher_changes_the_current_organisation_only_to_ones_you_belong_to(
    cast, client_for, partner
):
    admin = cast[Role.ADMINISTRATOR]
    Membership.objects.create(user=admin, organisation=partner, role=Role.ADMINISTRATOR)
    other = Organisation.objects.create(name="Elsewhere College", slug="elsewhere")
    client = client_for(Role.ADMINISTRATOR)
    page = client.get("/accounts/organisation/").content.decode()
    assert 'name="organisation"' in page and "Harbour Digital Ltd" in page

    client.post("/accounts/organisation/switch/", {"organisation": partner.pk})
    assert "Harbour Digital Ltd</h1>" in client.get("/accounts/organisation/").content.decode()

    response = client.post(
        "/accounts/organisation/switch/", {"organisation": other.pk}, follow=True
    )
    assert "not a member of that organisation" in response.content.decode()
    assert "Harbour Digital Ltd</h1>" in client.get("/accounts/organisation/").content.decode()
    assert client.post("/accounts/organisation/switch/", {"organisation": "x"}).status_code == 302
