"""Shared fixtures: an organisation with its cast of staff, a learner, an outsider, and clients.

Every role gets one user (``cast["designer"]``...), so permission tests can walk the matrix.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import Membership, Organisation, Role, User

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Tests on SQLite close connections after each request, as before ``CONN_MAX_AGE``.

    The test database is in memory with a shared cache, where a connection kept by a live
    server's request thread can hold a table lock that the next test's set-up then meets
    ("database table is locked"). A database file in WAL mode, as installs use, has no such
    table locks, so the kept connection stays the production setting.
    """
    from django.conf import settings

    for database in settings.DATABASES.values():
        if str(database.get("ENGINE", "")).endswith("sqlite3"):
            database["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):  # type: ignore[no-untyped-def]
    """Background tasks run at once, in-process (enqueued after commit, as in production).

    A test that needs the database queue itself can set settings.TASKS again.
    """
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "bulk"],
        }
    }


def make_user(username: str, **extra: object) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


@pytest.fixture
def org(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.create(
        name="Northbridge Institute of Technology",
        slug="northbridge",
        url="https://northbridge.example",
    )


@pytest.fixture
def partner(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.create(
        name="Harbour Digital Ltd", slug="harbour-digital", kind=Organisation.Kind.INDUSTRY_PARTNER
    )


@pytest.fixture
def cast(org: Organisation) -> dict[str, User]:
    """One member of staff per role at ``org``, plus a learner and an outsider (no membership)."""
    people: dict[str, User] = {}
    for role in Role:
        user = make_user(role.value.replace("_", "-"))
        Membership.objects.create(user=user, organisation=org, role=role)
        people[role.value] = user
    people["learner"] = make_user("learner")
    people["outsider"] = make_user("outsider")
    return people


@pytest.fixture
def client_for(cast: dict[str, User]) -> Callable[[str], Client]:
    """Return a logged-in test client for a member of the cast (``client_for("qa_manager")``)."""

    def build(who: str) -> Client:
        client = Client()
        client.force_login(cast[who])
        return client

    return build
