from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from credstack.accounts.models import Membership, Role
from credstack.web import navigation
from credstack.web.navigation import NavEntry, links_for

ENTRIES = [
    NavEntry("Home", "web:home"),
    NavEntry("Profile", "accounts:profile", login_required=True),
    NavEntry("Not built yet", "nowhere:index"),
    NavEntry("Organisation", "accounts:organisation", roles=(Role.ADMINISTRATOR,), section="staff"),
    NavEntry("Audit log", "accounts:audit_log", roles=(Role.ANALYST,), section="staff"),
]


def request_for(user):
    request = RequestFactory().get("/accounts/audit/")
    request.user = user
    request.session = {}
    return request


def labels(user) -> list[str]:
    return [link.label for link in links_for(request_for(user), ENTRIES)]


def test_anonymous_visitors_see_only_public_links(db):
    assert labels(AnonymousUser()) == ["Home"]


def test_learners_see_their_links_but_no_staff_links(cast):
    assert labels(cast["learner"]) == ["Home", "Profile"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ADMINISTRATOR, ["Home", "Profile", "Organisation", "Audit log"]),
        (Role.ANALYST, ["Home", "Profile", "Audit log"]),
        (Role.DESIGNER, ["Home", "Profile"]),
    ],
)
def test_staff_see_the_links_their_roles_open(cast, role, expected):
    assert labels(cast[role]) == expected


def test_an_entry_whose_page_is_not_built_yet_is_skipped(cast):
    assert "Not built yet" not in labels(cast[Role.ADMINISTRATOR])


def test_the_current_page_is_marked(cast):
    links = links_for(request_for(cast[Role.ANALYST]), ENTRIES)
    assert [link.label for link in links if link.current] == ["Audit log"]


def test_every_shipped_entry_names_known_roles():
    known = {r.value for r in Role}
    for entry in navigation.ENTRIES:
        assert set(entry.roles) <= known, entry
        assert ":" in entry.url_name, entry


def test_the_layout_shows_the_menu_for_the_role(client_for, cast, client):
    analyst_page = client_for(Role.ANALYST).get("/").content.decode()
    assert 'href="/accounts/audit/"' in analyst_page
    assert 'href="/accounts/organisation/"' not in analyst_page
    assert (
        'href="/accounts/organisation/"' in client_for(Role.ADMINISTRATOR).get("/").content.decode()
    )
    assert 'href="/accounts/audit/"' not in client_for("learner").get("/").content.decode()


def test_the_menu_costs_one_query_for_a_member_of_staff(client_for, django_assert_max_num_queries):
    client = client_for(Role.ADMINISTRATOR)
    client.get("/")
    # session + user + the one memberships query for menu, switcher and role checks
    with django_assert_max_num_queries(3):
        client.get("/")


def test_several_organisations_get_a_switcher(cast, client_for, partner):
    Membership.objects.create(user=cast[Role.DESIGNER], organisation=partner, role=Role.DESIGNER)
    html = client_for(Role.DESIGNER).get("/").content.decode()
    assert 'id="org-switcher-select"' in html
    assert "Harbour Digital Ltd" in html
    assert 'id="org-switcher-select"' not in client_for(Role.ANALYST).get("/").content.decode()
