from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from credstack.accounts import ratelimit
from credstack.accounts.models import User

from .conftest import PASSWORD, make_user


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sophie(db) -> User:
    return make_user("sophie", display_name="Sophie Turner")


def log_in(client: Client, identifier: str, password: str = PASSWORD, **extra: str):
    return client.post("/accounts/login/", {"username": identifier, "password": password, **extra})


def test_the_login_form_uses_the_labels_people_and_browser_tests_rely_on(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert ">Username or email<" in html
    assert ">Password<" in html
    assert ">Log in</button>" in html


@pytest.mark.parametrize("identifier", ["sophie", "sophie@example.org", "SOPHIE@Example.org"])
def test_it_logs_in_with_a_username_or_an_email(client, sophie, identifier):
    response = log_in(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/accounts/profile/").status_code == 200


def test_it_rejects_a_wrong_password_with_a_form_error(client, sophie):
    response = log_in(client, "sophie", "wrong password")
    assert response.status_code == 400
    assert "correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_pauses_logins_after_repeated_failures_for_one_address_and_username(client, sophie):
    for _ in range(ratelimit.MAX_FAILURES):
        assert log_in(client, "sophie", "wrong").status_code == 400
    response = log_in(client, "sophie")  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Typing the email instead of the username is the same account: still paused.
    assert log_in(client, "sophie@example.org").status_code == 429


def test_the_pause_does_not_affect_other_addresses_or_usernames(client, sophie):
    make_user("mateo")
    for _ in range(ratelimit.MAX_FAILURES):
        log_in(client, "sophie", "wrong")
    assert log_in(client, "mateo").status_code == 302
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert log_in(elsewhere, "sophie").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, sophie):
    for _ in range(ratelimit.MAX_FAILURES - 1):
        log_in(client, "sophie", "wrong")
    assert log_in(client, "sophie").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(ratelimit.MAX_FAILURES - 1):
        assert log_in(client, "sophie", "wrong").status_code == 400
    assert log_in(client, "sophie").status_code == 302


def test_it_returns_to_a_safe_next_page_after_login(client, sophie):
    response = log_in(client, "sophie", next="/catalogue/cloud-foundations/?tab=outcomes")
    assert response["Location"] == "/catalogue/cloud-foundations/?tab=outcomes"


@pytest.mark.parametrize(
    "hostile",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "https:evil.example"],
)
def test_it_ignores_a_next_page_on_another_site(client, sophie, hostile):
    response = log_in(client, "sophie", next=hostile)
    assert response["Location"] == "/"


def test_the_login_page_keeps_next_in_the_form_and_the_sign_up_link(client, db):
    html = client.get("/accounts/login/?next=/catalogue/x/").content.decode()
    assert 'name="next" value="/catalogue/x/"' in html
    assert "/accounts/signup/?next=/catalogue/x/" in html


def test_log_out_needs_a_post(client, sophie):
    client.force_login(sophie)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_log_in(client, sophie):
    sophie.is_active = False
    sophie.save()
    assert log_in(client, "sophie").status_code == 400
