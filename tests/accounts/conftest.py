"""Fixtures for the accounts tests: a real SMTP server on loopback."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from credstack.accounts.models import User

PASSWORD = "correct horse battery staple"


def make_user(username: str, **extra: object) -> User:
    """A person with a known password (tests/conftest.py's cast has one per role)."""
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server received: parsed messages and their envelopes."""

    messages: list[Message] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            email.message_from_bytes(envelope.original_content or envelope.content)
        )
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def smtp_port(settings) -> int:  # type: ignore[no-untyped-def]
    """Point Django's SMTP backend at a loopback port (nothing listens there yet)."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def smtp_server(smtp_port: int) -> Iterator[SmtpServer]:
    server = SmtpServer(smtp_port)
    server.start()
    yield server
    server.stop()


def parts(message: Message) -> dict[str, str]:
    """The text/plain and text/html parts of a received message, decoded."""
    found: dict[str, str] = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            found[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return found
