"""What one API verification of a platform credential costs, and that memoising our own
documents never hides a status change or a new key."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from credstack.accounts.models import User
from credstack.issuance.models import Award, IssuerProfile
from credstack.issuance.services import (
    revoke_award,
    rotate_key,
    suspend_award,
    unsuspend_award,
)
from credstack.verification.models import VerificationEvent
from credstack.verification.own_documents import issuer_slug, issuer_stamp, memo
from credstack.verification.schemas import ReportOut
from credstack.verification.services import events

URL = "/api/v1/verify"
#: The issuer's stamp, the award's id and the event insert.
WARM_QUERIES = 3


def _verify(credential: dict[str, Any]) -> dict[str, Any]:
    response = Client().post(URL, {"credential": credential}, content_type="application/json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_a_repeated_api_verification_makes_at_most_three_queries(
    issued: Award, django_assert_max_num_queries: Any
) -> None:
    assert _verify(issued.credential_json)["result"] == "valid"
    with django_assert_max_num_queries(WARM_QUERIES):
        body = _verify(issued.credential_json)
    assert body["result"] == "valid"
    status_sources = [s for s in body["sources"] if "/status/" in s["url"]]
    assert len(status_sources) >= 2
    assert {s["origin"] for s in status_sources} == {"cache"}


def test_a_second_credential_of_the_same_issuer_costs_no_more(
    award_for: Callable[..., Award], django_assert_max_num_queries: Any
) -> None:
    first, second = award_for("ada@example.org"), award_for("grace@example.org")
    _verify(first.credential_json)
    with django_assert_max_num_queries(WARM_QUERIES):
        assert _verify(second.credential_json)["result"] == "valid"


def test_the_api_report_matches_its_documented_schema(issued: Award) -> None:
    body = _verify(issued.credential_json)
    assert ReportOut.model_validate(body).model_dump(mode="json") == body


def test_a_revocation_shows_on_the_very_next_api_verification(
    issued: Award, cast: dict[str, User]
) -> None:
    assert _verify(issued.credential_json)["result"] == "valid"
    revoke_award(cast["administrator"], issued, "Plagiarism found.")
    assert _verify(issued.credential_json)["result"] == "revoked"


def test_a_suspension_and_its_lifting_show_at_once(issued: Award, cast: dict[str, User]) -> None:
    assert _verify(issued.credential_json)["result"] == "valid"
    suspended = suspend_award(cast["administrator"], issued, "Under review.")
    assert _verify(issued.credential_json)["result"] == "suspended"
    unsuspend_award(cast["administrator"], suspended, "Cleared.")
    assert _verify(issued.credential_json)["result"] == "valid"


def test_a_credential_signed_after_a_key_rotation_verifies_at_once(
    award_for: Callable[..., Award], issuer: IssuerProfile
) -> None:
    before = award_for("ada@example.org")
    assert _verify(before.credential_json)["result"] == "valid"
    rotate_key(None, issuer)
    after = award_for("grace@example.org")
    assert _verify(after.credential_json)["result"] == "valid"
    assert _verify(before.credential_json)["result"] == "valid"


def test_the_stamp_changes_with_every_status_change(issued: Award, cast: dict[str, User]) -> None:
    before = issuer_stamp(issued.issuer.slug)
    revoke_award(cast["administrator"], issued, "Plagiarism found.")
    assert issuer_stamp(issued.issuer.slug) not in (None, before)
    assert issuer_stamp("no-such-issuer") is None


def test_only_key_and_status_documents_are_memoised() -> None:
    base = "https://credstack.test/issuers/tech"
    assert issuer_slug(base) == "tech"
    assert issuer_slug(f"{base}/did.json") == "tech"
    assert issuer_slug(f"{base}/status/revocation/1") == "tech"
    assert issuer_slug(f"{base}/status/revocation/1/suspension") == "tech"
    assert issuer_slug(f"{base}/achievements/3f1c") is None
    assert issuer_slug(f"{base}?page=2") is None


def test_a_stale_stamp_never_returns_a_remembered_document(issued: Award) -> None:
    _verify(issued.credential_json)
    url = f"https://credstack.test/issuers/{issued.issuer.slug}/status/revocation/1"
    stamp = issuer_stamp(issued.issuer.slug)
    assert stamp is not None
    accept = "application/vc+ld+json, application/vc, application/ld+json, application/json"
    assert memo.get(url, accept, stamp) is not None
    assert memo.get(url, accept, (*stamp[:-1], -1)) is None


def test_events_wait_in_a_batch_outside_a_transaction_and_are_all_written(issued: Award) -> None:
    batch = events.EventBatch()
    for _ in range(3):
        batch.add(VerificationEvent(award_id=issued.pk, result="valid", channel="api"))
    assert (batch.pending(), VerificationEvent.objects.count()) == (3, 0)
    assert batch.flush() == 3
    assert (batch.pending(), VerificationEvent.objects.count()) == (0, 3)


def test_a_full_batch_is_written_without_waiting(
    issued: Award, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events, "BATCH_SIZE", 2)
    batch = events.EventBatch()
    batch.add(VerificationEvent(award_id=issued.pk, result="valid", channel="api"))
    batch.add(VerificationEvent(award_id=issued.pk, result="revoked", channel="api"))
    assert batch.pending() == 0
    assert sorted(VerificationEvent.objects.values_list("result", flat=True)) == [
        "revoked",
        "valid",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_revocation_committed_on_another_connection_shows_on_the_next_verification(
    award_for: Callable[..., Award], cast: dict[str, User]
) -> None:
    award = award_for("ada@example.org")
    assert _verify(award.credential_json)["result"] == "valid"
    held = connection.connection
    assert held is not None  # the request's connection outlived the request (CONN_MAX_AGE)

    # Another thread has its own connection, as another worker process would.
    failures: list[BaseException] = []

    def revoke_elsewhere() -> None:
        try:
            revoke_award(cast["administrator"], Award.objects.get(pk=award.pk), "Plagiarism.")
        except BaseException as e:  # surfaced below: a thread's exception is otherwise lost
            failures.append(e)
        finally:
            close_old_connections()
            connection.close()

    worker = threading.Thread(target=revoke_elsewhere)
    worker.start()
    worker.join()
    assert not failures
    assert _verify(award.credential_json)["result"] == "revoked"
    assert connection.connection is held
    events.batch.flush()  # the timer may have written them already; either way they are there
    assert sorted(VerificationEvent.objects.values_list("result", flat=True)) == [
        "revoked",
        "valid",
    ]
