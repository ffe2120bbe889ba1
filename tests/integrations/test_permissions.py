"""Only the earner sees and changes their wallet: every other person gets "not found" (or the
login page / 401 when anonymous), and nothing changes."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import Role, User
from credstack.catalog.models import MicroCredential, Stack
from credstack.integrations.models import ImportedCredential, IssuedClr, ShareEvent
from credstack.integrations.services import import_credential
from credstack.issuance.models import Award

from .test_wallet_import import elsewhere

pytestmark = pytest.mark.django_db

PEOPLE = [r.value for r in Role] + ["outsider", "anonymous"]


@pytest.fixture
def holdings(
    award_to: Callable[..., Award], units: list[MicroCredential], stack: Stack, earner: User
) -> tuple[ImportedCredential, Award]:
    for unit in units:
        award_to(unit, earner)
    signed, _ = elsewhere("Rope access level 1")
    item = import_credential(earner, json.dumps(signed))
    return item, Award.objects.filter(recipient_user=earner).first()  # type: ignore[return-value]


def _client(who: str, cast: dict[str, User]) -> Client:
    client = Client(HTTP_HOST="credstack.test")
    if who != "anonymous":
        client.force_login(cast[who])
    return client


def test_the_earner_may_do_everything(
    holdings: tuple[ImportedCredential, Award], earner_client: Client, stack: Stack
) -> None:
    item, award = holdings
    assert earner_client.get(f"/wallet/imported/{item.pk}/download").status_code == 200
    share = earner_client.post(f"/wallet/awards/{award.credential_uuid}/share", {"channel": "copy"})
    assert share.status_code == 302 and ShareEvent.objects.count() == 1
    assert earner_client.post("/wallet/clrs", {"stack": stack.pk}).status_code == 302
    assert IssuedClr.objects.count() == 1
    assert earner_client.post(f"/wallet/imported/{item.pk}/delete").status_code == 302
    assert not ImportedCredential.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_nobody_else_sees_or_changes_the_earners_wallet(
    who: str,
    cast: dict[str, User],
    holdings: tuple[ImportedCredential, Award],
    stack: Stack,
) -> None:
    item, award = holdings
    client = _client(who, cast)
    anonymous = who == "anonymous"
    refused = (302,) if anonymous else (404,)
    page = client.get("/wallet")
    if anonymous:
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    else:
        assert page.status_code == 200
        assert b"Rope access level 1" not in page.content
        assert b"Security fundamentals" not in page.content
    assert client.get(f"/wallet/imported/{item.pk}/download").status_code in refused
    assert client.post(f"/wallet/imported/{item.pk}/delete").status_code in refused
    shared = client.post(f"/wallet/awards/{award.credential_uuid}/share", {"channel": "copy"})
    assert shared.status_code in refused
    client.post("/wallet/clrs", {"stack": stack.pk})
    api = client.delete(f"/api/v1/integrations/wallet/imported/{item.pk}")
    assert api.status_code == (401 if anonymous else 404)
    api_share = client.post(
        f"/api/v1/integrations/awards/{award.credential_uuid}/shares",
        {"channel": "copy"},
        content_type="application/json",
    )
    assert api_share.status_code == (401 if anonymous else 404)
    listed = client.get("/api/v1/integrations/wallet/imported")
    assert listed.status_code == 401 if anonymous else listed.json()["count"] == 0
    # Nothing changed.
    assert ImportedCredential.objects.filter(pk=item.pk).exists()
    assert not ShareEvent.objects.exists()
    assert not IssuedClr.objects.exists()
