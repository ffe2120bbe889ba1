"""The /verify page, public credential pages, earner profiles and sharing choices."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from credstack.accounts.models import User
from credstack.issuance.models import Award
from credstack.verification.models import SharedCredential, VerificationEvent


def _file(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_the_verifier_page_needs_no_account_and_explains_a_valid_credential(issued: Award) -> None:
    client = Client()
    assert client.get("/verify").status_code == 200
    response = client.post(
        "/verify", {"file": _file(json.dumps(issued.credential_json).encode(), "c.json")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This credential is genuine and currently valid." in page
    assert "Python for data analysis" in page
    assert "The notebook loads and cleans the supplied data." in page
    assert VerificationEvent.objects.get().channel == "page"


def test_the_verifier_page_shows_a_revoked_credential_as_revoked(revoked: Award) -> None:
    response = Client().post("/verify", {"text": json.dumps(revoked.credential_json)})
    assert response.context["form"].errors == {}
    assert 'data-result="revoked"' in response.content.decode()


def test_the_verifier_page_refuses_huge_files_and_empty_forms_with_messages(db: Any) -> None:
    client = Client()
    huge = client.post("/verify", {"file": _file(b"x" * (3 * 1024 * 1024), "big.png")})
    assert huge.status_code == 413
    assert "larger than 2 MB" in huge.content.decode()
    empty = client.post("/verify", {})
    assert "Choose a file, paste the credential or enter its web address." in empty.content.decode()


def test_an_email_is_checked_against_the_hashed_identity(issued: Award) -> None:
    client = Client()
    page = client.get(f"/credentials/{issued.credential_uuid}").content.decode()
    assert "ada@example.org" not in page
    yes = client.post(f"/credentials/{issued.credential_uuid}", {"email": "ADA@example.org "})
    assert "was awarded to that e-mail address" in yes.content.decode()
    no = client.post(f"/credentials/{issued.credential_uuid}", {"email": "eve@example.org"})
    assert "was not awarded to that e-mail address" in no.content.decode()


def test_the_credential_page_serves_json_by_content_negotiation(issued: Award) -> None:
    client = Client()
    path = f"/credentials/{issued.credential_uuid}"
    for accept in ("application/ld+json", "application/json", "application/vc"):
        response = client.get(path, HTTP_ACCEPT=accept)
        assert response["Content-Type"].startswith(accept)
        assert json.loads(response.content) == issued.credential_json
    assert client.get(path + "?format=json").json() == issued.credential_json
    html = client.get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert html["Content-Type"].startswith("text/html")
    assert '<meta property="og:title" content="Python for data analysis">' in html.content.decode()


def test_the_credential_page_shows_revocation_and_suspension_live(
    revoked: Award, suspended: Award
) -> None:
    client = Client()
    assert (
        "has been revoked" in client.get(f"/credentials/{revoked.credential_uuid}").content.decode()
    )
    assert (
        "currently suspended"
        in client.get(f"/credentials/{suspended.credential_uuid}").content.decode()
    )


def test_unknown_or_unissued_credentials_are_not_found(db: Any) -> None:
    assert Client().get("/credentials/3a1f6c52-1a55-4d7b-9c1e-2f4f0e3a9b10").status_code == 404


def test_a_public_profile_lists_only_shared_credentials_after_opting_in(
    award_for: Callable[..., Award], cast: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    learner = cast["learner"]
    shown = award_for("learner@example.org", user=learner)
    award_for("learner2@example.org", user=learner)
    assert Client().get("/people/learner").status_code == 404
    learner.public_profile = True
    learner.save()
    client = client_for("learner")
    assert (
        client.post("/credentials/sharing", {"award": shown.pk, "visible": "1"}).status_code == 302
    )
    page = Client().get("/people/learner").content.decode()
    assert page.count("Python for data analysis") == 1
    assert str(shown.credential_uuid) in page


@pytest.mark.parametrize("who", ["outsider", "administrator", "badge_issuer"])
def test_nobody_else_can_share_an_earners_credential(
    who: str,
    award_for: Callable[..., Award],
    cast: dict[str, User],
    client_for: Callable[[str], Client],
) -> None:
    award = award_for("learner@example.org", user=cast["learner"])
    response = client_for(who).post("/credentials/sharing", {"award": award.pk, "visible": "1"})
    assert response.status_code == 403
    assert not SharedCredential.objects.exists()


def test_sharing_needs_an_account(issued: Award) -> None:
    response = Client().post("/credentials/sharing", {"award": issued.pk, "visible": "1"})
    assert response.status_code == 302
    assert not SharedCredential.objects.exists()
