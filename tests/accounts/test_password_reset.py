from __future__ import annotations

import re

from django.core import mail

from credstack.accounts.models import OutboxMessage, User

from .conftest import make_user


def reset_link(message: OutboxMessage) -> str:
    match = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body_text)
    assert match, message.body_text
    return match.group(0)


def test_it_mails_a_reset_link_through_the_outbox_and_the_link_sets_a_new_password(
    client, db, settings, django_capture_on_commit_callbacks
):
    user = make_user("sophie")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "Sophie@Example.org"})
    assert response.status_code == 302
    [message] = OutboxMessage.objects.filter(category="password_reset")
    assert message.to == "sophie@example.org"
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives  # text and html went out

    link = reset_link(message)
    assert link.startswith(settings.BASE_URL)
    path = link[len(settings.BASE_URL) :]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")
    # The link works once.
    again = client.get(path, follow=True)
    assert "no longer works" in again.content.decode()


def test_it_says_the_same_and_sends_nothing_for_an_unknown_email(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert OutboxMessage.objects.count() == 0


def test_an_invited_person_without_a_password_can_ask_for_a_new_link(client, db):
    user = User(username="grace", email="grace@example.org")
    user.set_unusable_password()
    user.save()
    client.post("/accounts/password/reset/", {"email": "grace@example.org"})
    assert OutboxMessage.objects.filter(to="grace@example.org").count() == 1
