"""The nudge reaches a real SMTP server (aiosmtpd on loopback) with text and HTML parts."""

from __future__ import annotations

import email
import socket
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from credstack.accounts.outbox import deliver
from credstack.learning.services import evaluate_engagement

from .conftest import enrol_running

pytestmark = pytest.mark.django_db


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            email.message_from_bytes(envelope.original_content or envelope.content)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_nudge_arrives_with_text_and_html_parts(cast, running, terms, settings):
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        running.engagement_rules.exclude(kind="inactive_days").update(enabled=False)
        enrol_running(cast["learner"], running, terms)
        from credstack.accounts.models import OutboxMessage

        (alert,) = evaluate_engagement()
        message = OutboxMessage.objects.get(dedupe_key=f"learning:alert:{alert.pk}:nudge")
        assert deliver(message.pk).sent
    finally:
        controller.stop()
    (received,) = inbox.messages
    assert received["To"] == cast["learner"].email
    assert received["Subject"] == "How is Data Literacy Essentials going?"
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in received.walk()
        if p.get_content_type() in ("text/plain", "text/html")
    }
    assert "have not seen you" in parts["text/plain"]
    assert "<strong>Data Literacy Essentials</strong>" in parts["text/html"]
