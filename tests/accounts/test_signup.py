from __future__ import annotations

from credstack.accounts.models import Membership, User

from .conftest import make_user

GOOD = {
    "display_name": "Aisha Rahman",
    "username": "aisha",
    "email": "aisha@example.net",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


def test_it_creates_a_learner_account_and_logs_them_in(client, db):
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302
    user = User.objects.get(username="aisha")
    assert user.email == "aisha@example.net"
    assert user.display_name == "Aisha Rahman"
    assert user.check_password(GOOD["password1"])
    assert not Membership.objects.filter(user=user).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_returns_to_the_credential_page_the_learner_came_from(client, db):
    html = client.get("/accounts/signup/?next=/catalogue/data-literacy/").content.decode()
    assert 'name="next" value="/catalogue/data-literacy/"' in html
    response = client.post("/accounts/signup/", {**GOOD, "next": "/catalogue/data-literacy/"})
    assert response["Location"] == "/catalogue/data-literacy/"


def test_it_ignores_an_off_site_next_after_sign_up(client, db):
    response = client.post("/accounts/signup/", {**GOOD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_refuses_an_email_already_in_use_whatever_its_case(client, db):
    make_user("sophie")
    response = client.post("/accounts/signup/", {**GOOD, "email": "SOPHIE@example.org"})
    assert response.status_code == 400
    assert "already uses this email" in response.content.decode()
    assert not User.objects.filter(username="aisha").exists()


def test_it_refuses_mismatched_or_weak_passwords(client, db):
    mismatch = client.post("/accounts/signup/", {**GOOD, "password2": "something else entirely"})
    weak = client.post(
        "/accounts/signup/", {**GOOD, "password1": "12345678", "password2": "12345678"}
    )
    assert mismatch.status_code == weak.status_code == 400
    assert User.objects.count() == 0


def test_it_refuses_a_missing_or_malformed_email(client, db):
    for email in ["", "not-an-email"]:
        assert client.post("/accounts/signup/", {**GOOD, "email": email}).status_code == 400
    assert User.objects.count() == 0
