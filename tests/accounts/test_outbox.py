from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from credstack.accounts import outbox
from credstack.accounts.models import OutboxMessage
from credstack.accounts.outbox import queue_email

from .conftest import SmtpServer, parts

Status = OutboxMessage.Status
RESET = "accounts/email/password_reset"


def queue_reset(to: str = "sophie@example.org", **kwargs) -> OutboxMessage:
    return queue_email(
        to,
        "Reset your password",
        RESET,
        {"user": "Sophie Turner", "reset_url": "https://badges.example/reset/abc/"},
        **kwargs,
    )


def test_it_delivers_both_parts_to_a_real_smtp_server_after_commit(
    db, smtp_server: SmtpServer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_reset(category="password_reset")
        assert smtp_server.inbox.messages == []  # nothing leaves before commit
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [received] = smtp_server.inbox.messages
    assert smtp_server.inbox.recipients == [["sophie@example.org"]]
    assert received["Subject"] == "Reset your password"
    assert received["X-Credstack-Outbox-Id"] == str(message.pk)
    body = parts(received)
    assert "https://badges.example/reset/abc/" in body["text/plain"]
    assert "Hello Sophie Turner" in body["text/plain"]
    assert '<a href="https://badges.example/reset/abc/"' in body["text/html"]
    assert "<!doctype html>" in body["text/html"]


def test_it_sends_nothing_when_the_transaction_rolls_back(
    db, smtp_server: SmtpServer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue_reset()
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert smtp_server.inbox.messages == []


def test_it_records_a_failure_with_backoff_when_the_server_is_down_and_sends_later(
    db, smtp_port: int, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_reset()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    wait = message.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=30) < wait <= outbox.backoff(1)

    # Not due yet: the retry command leaves it alone.
    assert outbox.deliver_due() == []

    server = SmtpServer(smtp_port)
    server.start()
    try:
        later = message.next_attempt_at + dt.timedelta(seconds=1)
        [result] = outbox.deliver_due(now=later)
    finally:
        server.stop()
    message.refresh_from_db()
    assert result.sent is True
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(server.inbox.messages) == 1


def test_it_gives_up_after_the_maximum_number_of_attempts(db, smtp_port: int):
    message = queue_reset()
    now = timezone.now()
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        result = outbox.deliver(message.pk, now=now)
        message.refresh_from_db()
        assert message.attempts == attempt
        now = message.next_attempt_at + dt.timedelta(seconds=1)
    assert result.status == Status.DEAD
    assert message.status == Status.DEAD
    assert outbox.deliver(message.pk, now=now + dt.timedelta(days=1)).sent is False


def test_backoff_doubles_from_one_minute_and_is_capped():
    assert [outbox.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert outbox.backoff(30) == outbox.BACKOFF_CAP


def test_delivering_twice_sends_once(db, smtp_server: SmtpServer):
    message = queue_reset()
    first = outbox.deliver(message.pk)
    second = outbox.deliver(message.pk)
    assert (first.sent, second.sent) == (True, False)
    assert second.status == Status.SENT
    assert len(smtp_server.inbox.messages) == 1


def test_a_message_being_sent_by_another_worker_is_not_sent_again(db, smtp_server: SmtpServer):
    message = queue_reset()
    claimed = outbox._claim(message.pk, timezone.now())  # another worker holds it
    assert claimed is not None
    assert outbox.deliver(message.pk).sent is False
    assert smtp_server.inbox.messages == []
    # If that worker dies, its lease runs out and a later run takes the message over.
    after_lease = timezone.now() + outbox.SENDING_LEASE + dt.timedelta(seconds=1)
    assert outbox.deliver(message.pk, now=after_lease).sent is True
    assert len(smtp_server.inbox.messages) == 1


def test_a_dedupe_key_queues_a_message_only_once(db):
    first = queue_reset(dedupe_key="reset:42")
    second = queue_reset(dedupe_key="reset:42")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_it_refuses_a_template_without_both_parts(db, tmp_path, settings):
    (tmp_path / "only_text.txt").write_text("plain only")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with pytest.raises(TemplateDoesNotExist):
        queue_email("a@example.org", "Hi", "only_text", {})
    assert OutboxMessage.objects.count() == 0


def test_the_text_part_is_not_html_escaped(db):
    message = queue_email(
        "a@example.org",
        "Hi",
        RESET,
        {"user": "Ben O'Connell & co", "reset_url": "https://x/?a=1&b=2"},
    )
    assert "Ben O'Connell & co" in message.body_text
    assert "https://x/?a=1&b=2" in message.body_text
    assert "Ben O&#x27;Connell &amp; co" in message.body_html


def test_the_send_outbox_command_delivers_due_messages(db, smtp_server: SmtpServer, capsys):
    queue_reset(to="one@example.org")
    queue_reset(to="two@example.org")
    call_command("send_outbox")
    assert "2 sent, 0 not sent, 2 attempted" in capsys.readouterr().out
    assert sorted(r[0] for r in smtp_server.inbox.recipients) == [
        "one@example.org",
        "two@example.org",
    ]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}
