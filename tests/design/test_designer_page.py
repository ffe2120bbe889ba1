"""The badge designer page: who may use it, saving with an audit trail, bad input, live preview."""

from __future__ import annotations

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry, Role
from credstack.design.models import BadgeDesign

EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
MAY_DESIGN = {"designer", "administrator"}
GOOD = {
    "primary_colour": "#14365A",
    "secondary_colour": "#F2A900",
    "accent_colour": "",
    "text_colour": "",
    "shape": "rosette",
    "icon": "data",
    "badge_title": "Data Analysis",
    "subtitle": "Foundation",
    "issuer_label": "Northbridge",
    "alt_text": "Data Analysis badge from Northbridge: a blue rosette with a chart icon.",
    "action": "save",
}


def client_as(who, client_for):
    return Client() if who == "anonymous" else client_for(who)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_designers_may_save_a_badge_design(who, client_for, credential):
    url = f"/design/credentials/{credential.lineage}/"
    response = client_as(who, client_for).post(url, GOOD)
    if who in MAY_DESIGN:
        assert response.status_code == 302
        assert BadgeDesign.objects.filter(credential_lineage=credential.lineage).count() == 1
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
        assert not BadgeDesign.objects.exists()
        assert not AuditEntry.objects.filter(action="design.badge.saved").exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_only_designers_may_open_the_designer_and_preview(who, client_for, credential):
    client = client_as(who, client_for)
    for url in (
        "/design/",
        f"/design/credentials/{credential.lineage}/",
        f"/design/credentials/{credential.lineage}/preview?primary_colour=%23000000",
        f"/design/credentials/{credential.lineage}/badge.svg",
    ):
        status = client.get(url).status_code
        expected = 200 if who in MAY_DESIGN else (302 if who == "anonymous" else 403)
        assert status == expected, url


def test_saving_records_the_change_and_bumps_the_version(client_for, credential, cast):
    client = client_for("designer")
    url = f"/design/credentials/{credential.lineage}/"
    client.post(url, GOOD)
    client.post(url, {**GOOD, "primary_colour": "#0b3d2e"})
    design = BadgeDesign.objects.get(credential_lineage=credential.lineage)
    assert design.version == 2
    assert design.primary_colour == "#0B3D2E"
    assert design.updated_by == cast["designer"]
    entries = AuditEntry.objects.filter(action="design.badge.saved").order_by("pk")
    assert entries.count() == 2
    assert entries[1].before["primary_colour"] == "#14365A"
    assert entries[1].after["primary_colour"] == "#0B3D2E"
    page = client.get(f"{url}?saved=1")
    assert b"Badge design saved." in page.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("primary_colour", "blue", b"Enter a colour as #RRGGBB"),
        ("text_colour", "#12345", b"Enter a colour as #RRGGBB"),
        ("accent_colour", "#12345G", b"Enter a colour as #RRGGBB"),
        ("shape", "triangle", b"Choose one of the shapes listed"),
        ("icon", "<svg>", b"Choose one of the icons listed"),
        ("alt_text", "", b"Describe the badge for people who cannot see it"),
        ("subtitle", "x" * 41, b"Keep this under 40 characters"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_written(
    field, value, message, client_for, credential
):
    response = client_for("designer").post(
        f"/design/credentials/{credential.lineage}/", {**GOOD, field: value}
    )
    assert response.status_code == 422
    assert message in response.content
    assert not BadgeDesign.objects.exists()


def test_the_preview_button_shows_the_change_without_saving(client_for, credential):
    response = client_for("designer").post(
        f"/design/credentials/{credential.lineage}/",
        {**GOOD, "action": "preview", "text_colour": "#16365B"},
    )
    assert response.status_code == 200
    assert b"Blocks publishing" in response.content
    assert not BadgeDesign.objects.exists()


def test_the_live_preview_reports_contrast_for_unsaved_colours(client_for, credential):
    response = client_for("designer").get(
        f"/design/credentials/{credential.lineage}/preview",
        {"primary_colour": "#777777", "text_colour": "#FFFFFF", "alt_text": "A grey badge"},
    )
    assert response.status_code == 200
    assert b"4.48:1 fail" in response.content
    assert b'role="img"' in response.content


def test_the_live_preview_answers_a_bad_colour_with_422(client_for, credential):
    response = client_for("designer").get(
        f"/design/credentials/{credential.lineage}/preview",
        {"primary_colour": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    assert b"Enter a colour as #RRGGBB" in response.content


def test_designers_of_another_organisation_cannot_design_our_badges(
    client_for, credential, partner
):
    from tests.conftest import make_user

    from credstack.accounts.models import Membership

    stranger = make_user("partner-designer")
    Membership.objects.create(user=stranger, organisation=partner, role=Role.DESIGNER)
    client = Client()
    client.force_login(stranger)
    assert client.post(f"/design/credentials/{credential.lineage}/", GOOD).status_code == 403
    assert not BadgeDesign.objects.exists()
