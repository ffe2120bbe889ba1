"""The wallet's ZIP export, and counted sharing (copy, LinkedIn, mailto, email via the outbox)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from credstack.accounts.models import OutboxMessage, User
from credstack.catalog.models import MicroCredential, Offering, Stack
from credstack.integrations.models import ShareEvent
from credstack.integrations.services import import_credential, issue_clr, share_award
from credstack.integrations.services.sharing import EMAILS_PER_HOUR
from credstack.issuance.models import Award
from credstack.issuance.services import revoke_award
from credstack.learning.models import Enrolment, EnrolmentStatus
from credstack.problems import Problem
from credstack.vc.baking import extract

from .test_wallet_import import elsewhere

pytestmark = pytest.mark.django_db


def _archive(client: Client, path: str = "/wallet/export.zip") -> zipfile.ZipFile:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_holds_every_credential_baked_pngs_clrs_and_a_manifest(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    earner_client: Client,
) -> None:
    awards = [award_to(unit, earner) for unit in units]
    signed, _ = elsewhere()
    import_credential(earner, json.dumps(signed))
    clr, _ = issue_clr(earner, stack.pk)
    archive = _archive(earner_client)
    assert archive.testzip() is None
    names = archive.namelist()
    manifest = json.loads(archive.read("manifest.json"))
    assert len(manifest["awards"]) == 2 and len(manifest["imported"]) == 1
    assert manifest["clrs"][0]["credential_id"] == f"urn:uuid:{clr.credential_uuid}"
    for entry in manifest["awards"] + manifest["imported"] + manifest["clrs"]:
        for file in entry["files"]:
            assert hashlib.sha256(archive.read(file["path"])).hexdigest() == file["sha256"]
    award_json = [n for n in names if n.startswith("awards/") and n.endswith(".json")]
    assert sorted(json.loads(archive.read(n))["id"] for n in award_json) == sorted(
        f"urn:uuid:{a.credential_uuid}" for a in awards
    )
    pngs = [n for n in names if n.startswith("awards/") and n.endswith(".png")]
    assert len(pngs) == 2
    assert extract(archive.read(pngs[0])).version == "ob3"
    imported = [n for n in names if n.startswith("imported/")]
    assert json.loads(archive.read(imported[0]))["id"] == signed["id"]
    clr_files = [n for n in names if n.startswith("clrs/")]
    assert "ClrCredential" in json.loads(archive.read(clr_files[0]))["type"]


def test_an_empty_wallet_exports_just_a_manifest(earner_client: Client) -> None:
    archive = _archive(earner_client)
    assert archive.namelist() == ["manifest.json"]
    assert json.loads(archive.read("manifest.json"))["awards"] == []


def test_the_api_export_is_the_same_archive(earner_client: Client) -> None:
    assert _archive(earner_client, "/api/v1/integrations/wallet/export").namelist() == [
        "manifest.json"
    ]


@pytest.fixture
def award(award_to: Callable[..., Award], units: list[MicroCredential], earner: User) -> Award:
    return award_to(units[0], earner)


def test_each_share_is_counted_by_channel(award: Award, earner_client: Client) -> None:
    url = f"/wallet/awards/{award.credential_uuid}/share"
    copied = earner_client.post(url, {"channel": "copy"}, HTTP_ACCEPT="application/json")
    assert copied.json() == {
        "channel": "copy",
        "url": f"https://credstack.test/credentials/{award.credential_uuid}",
    }
    linkedin = earner_client.post(url, {"channel": "linkedin"})
    assert linkedin.status_code == 302
    target = urlsplit(linkedin["Location"])
    assert target.netloc == "www.linkedin.com"
    query = parse_qs(target.query)
    assert query["name"] == ["Security fundamentals"]
    assert query["certId"] == [str(award.credential_uuid)]
    mailto = earner_client.post(url, {"channel": "mailto"})
    assert mailto["Location"].startswith("mailto:?subject=")
    assert str(award.credential_uuid) in mailto["Location"]
    counts = sorted(ShareEvent.objects.filter(award=award).values_list("channel", flat=True))
    assert counts == ["copy", "linkedin", "mailto"]
    page = earner_client.get("/wallet")
    assert b"Shared 3 times" in page.content


def test_an_email_share_goes_through_the_outbox_and_is_rate_limited(
    award: Award, earner: User
) -> None:
    for _ in range(EMAILS_PER_HOUR):
        share_award(earner, award.credential_uuid, "email", to="hiring@employer.example")
    messages = OutboxMessage.objects.filter(to="hiring@employer.example")
    assert messages.count() == EMAILS_PER_HOUR
    assert str(award.credential_uuid) in messages.first().body_text  # type: ignore[union-attr]
    with pytest.raises(Problem) as refused:
        share_award(earner, award.credential_uuid, "email", to="hiring@employer.example")
    assert (refused.value.code, refused.value.status) == ("RATE_LIMITED", 429)
    assert messages.count() == EMAILS_PER_HOUR
    assert ShareEvent.objects.filter(channel="email").count() == EMAILS_PER_HOUR


@pytest.mark.parametrize(
    ("channel", "to", "code"),
    [
        ("fax", "", "CHANNEL_INVALID"),
        ("", "", "CHANNEL_INVALID"),
        ("email", "not an address", "EMAIL_INVALID"),
        ("email", "", "EMAIL_INVALID"),
    ],
)
def test_bad_share_input_is_refused_and_nothing_is_counted(
    award: Award, earner: User, channel: str, to: str, code: str
) -> None:
    with pytest.raises(Problem) as refused:
        share_award(earner, award.credential_uuid, channel, to=to)
    assert refused.value.code == code
    assert not ShareEvent.objects.exists()
    assert not OutboxMessage.objects.filter(category="share").exists()


def test_a_revoked_credential_cannot_be_shared(
    award: Award, earner: User, cast: dict[str, User]
) -> None:
    revoke_award(cast["administrator"], award, "Awarded in error.")
    with pytest.raises(Problem) as refused:
        share_award(earner, award.credential_uuid, "copy")
    assert refused.value.code == "AWARD_REVOKED"


def test_sharing_stamps_the_enrolments_shared_at_once(
    award: Award, earner: User, units: list[MicroCredential]
) -> None:
    today = dt.date.today()
    offering = Offering.objects.create(
        credential=units[0], title="Spring cohort", starts_on=today, ends_on=today
    )
    enrolment = Enrolment.objects.create(
        learner=earner,
        offering=offering,
        credential=units[0],
        status=EnrolmentStatus.COMPLETED,
    )
    Award.objects.filter(pk=award.pk).update(enrolment=enrolment)
    share_award(earner, award.credential_uuid, "copy")
    enrolment.refresh_from_db()
    first = enrolment.shared_at
    assert first is not None
    share_award(earner, award.credential_uuid, "linkedin")
    enrolment.refresh_from_db()
    assert enrolment.shared_at == first


def test_the_api_shares_and_answers_with_the_link(award: Award, earner_client: Client) -> None:
    response = earner_client.post(
        f"/api/v1/integrations/awards/{award.credential_uuid}/shares",
        {"channel": "linkedin"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["url"].startswith("https://www.linkedin.com/profile/add?")
