from __future__ import annotations

import pytest

from credstack.accounts.models import User

from .conftest import make_user

FORM = {
    "display_name": "Sophie Turner",
    "email": "sophie.turner@example.org",
    "did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    "public_profile": "on",
}


@pytest.fixture
def sophie(db) -> User:
    return make_user("sophie")


def test_it_saves_name_email_did_and_privacy_choices(client, sophie):
    client.force_login(sophie)
    response = client.post("/accounts/profile/", FORM)
    assert response.status_code == 302
    sophie.refresh_from_db()
    assert sophie.display_name == "Sophie Turner"
    assert sophie.email == "sophie.turner@example.org"
    assert sophie.did.startswith("did:key:")
    assert sophie.public_profile is True
    assert sophie.visible_to_cohort is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"did": "z6MkhaXg"}, "did:method:identifier"),
        ({"did": "did:key:has space"}, "did:method:identifier"),
        ({"email": "mateo@EXAMPLE.org"}, "already uses this email"),
        ({"email": ""}, "required"),
        ({"display_name": "x" * 151}, "at most 150"),
    ],
)
def test_it_refuses_bad_values_and_changes_nothing(client, sophie, change, message):
    make_user("mateo")
    client.force_login(sophie)
    response = client.post("/accounts/profile/", {**FORM, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    sophie.refresh_from_db()
    assert (sophie.email, sophie.did, sophie.public_profile) == ("sophie@example.org", "", False)


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_it_changes_the_password_with_the_old_one(client, sophie):
    from .conftest import PASSWORD

    client.force_login(sophie)
    wrong = client.post(
        "/accounts/password/change/",
        {
            "old_password": "nope",
            "new_password1": "another good passphrase",
            "new_password2": "another good passphrase",
        },
    )
    assert wrong.status_code == 200  # form re-shown with the error
    right = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another good passphrase",
            "new_password2": "another good passphrase",
        },
    )
    assert right.status_code == 302
    sophie.refresh_from_db()
    assert sophie.check_password("another good passphrase")
