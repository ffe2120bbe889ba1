"""Bulk issuance fixtures: a CSV builder and a ready upload for the organisation's product."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.issuance.bulk.services import Upload, upload_csv
from credstack.issuance.models import BulkJob

HEADER = "name,email,narrative,evidence url,result,issue date"


def csv_bytes(rows: list[str], header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def people(n: int, start: int = 0) -> list[str]:
    return [
        f"Learner {i},learner{i}@example.org,Completed the capstone,https://evidence.example/{i},Pass,"
        for i in range(start, start + n)
    ]


@pytest.fixture
def bulk_rule(credential: MicroCredential, set_rule: Callable[..., Any]) -> MicroCredential:
    """The product accepts CSV bulk awards and releases them without QA approval."""
    set_rule(credential, allowed_sources=["csv", "manual", "api"], requires_approval=False)
    return credential


@pytest.fixture
def upload(
    issuer: object, bulk_rule: MicroCredential, cast: dict[str, User]
) -> Callable[..., BulkJob]:
    def make(data: bytes, *, who: str = "badge_issuer", **options: Any) -> BulkJob:
        return upload_csv(
            cast[who],
            Upload(
                credential=options.pop("credential", bulk_rule),
                stream=io.BytesIO(data),
                size=len(data),
                filename="awards.csv",
                **options,
            ),
        )

    return make


@pytest.fixture
def quiet_queue(settings):  # type: ignore[no-untyped-def]
    """Tasks are enqueued but not run: the test works the chunks itself."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "bulk"],
        }
    }
