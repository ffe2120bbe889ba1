"""Award downloads (baked PNG/SVG, PDF), the public badge image, sharing links and the DID field."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from credstack.accounts.models import Role
from credstack.catalog.models import Lifecycle
from credstack.design.services import linkedin_url, validate_holder_did
from credstack.problems import InvalidInput
from credstack.vc.baking import extract
from credstack.vc.resolve import KeyResolver
from credstack.vc.verify import verify

EVERYONE = [r.value for r in Role] + ["learner", "outsider", "anonymous"]
MAY_DOWNLOAD = {"learner", "badge_issuer", "qa_manager", "administrator"}


def client_as(who, client_for):
    return Client() if who == "anonymous" else client_for(who)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_earner_and_issuer_staff_may_download(who, client_for, award):
    client = client_as(who, client_for)
    for kind in ("badge.png", "badge.svg", "certificate.pdf", ""):
        response = client.get(f"/design/awards/{award.credential_uuid}/{kind}")
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif who in MAY_DOWNLOAD:
            assert response.status_code == 200, kind
        else:
            assert response.status_code == 404, kind  # refusals look like a missing award


def _verify_baked(data: bytes, award, fetcher) -> None:
    found = extract(data)
    assert found.credential == award.credential_json
    report = verify(data, resolver=KeyResolver(fetcher), fetcher=fetcher)
    assert report.result == "valid", [
        c for c in report.to_dict()["checks"] if c["status"] != "pass"
    ]


def test_the_baked_png_carries_the_signed_credential_and_verifies(client_for, award, fetcher):
    response = client_for("learner").get(f"/design/awards/{award.credential_uuid}/badge.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="data-analysis-fundamentals-'
    )
    assert response["Cache-Control"] == "private, no-store"
    _verify_baked(response.content, award, fetcher)


def test_the_baked_svg_carries_the_signed_credential_and_verifies(client_for, award, fetcher):
    response = client_for("learner").get(f"/design/awards/{award.credential_uuid}/badge.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b'role="img"' in response.content
    _verify_baked(response.content, award, fetcher)


def test_the_certificate_is_one_page_with_the_verification_url(client_for, award):
    response = client_for("learner").get(f"/design/awards/{award.credential_uuid}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    url = f"{settings.BASE_URL}/credentials/{award.credential_uuid}"
    assert url in text
    assert "Lee Learner" in text
    assert "Data Analysis Fundamentals" in text
    assert "Northbridge Institute of Technology" in text
    # The page carries two images: the badge and the QR code.
    assert len(reader.pages[0].images) == 2


def test_the_linkedin_link_prefills_the_certification(award):
    parts = urlsplit(linkedin_url(award))
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query["startTask"] == "CERTIFICATION_NAME"
    assert query["name"] == "Data Analysis Fundamentals"
    assert query["organizationName"] == award.issuer.name
    assert query["issueYear"] == str(award.issued_at.year)
    assert query["issueMonth"] == str(award.issued_at.month)
    assert query["certUrl"] == f"{settings.BASE_URL}/credentials/{award.credential_uuid}"
    assert query["certId"] == str(award.credential_uuid)


def test_the_celebration_page_offers_downloads_sharing_and_the_public_link(
    client_for, award, stacked
):
    response = client_for("learner").get(f"/design/awards/{award.credential_uuid}/")
    html = response.content.decode()
    assert "Congratulations, Lee Learner!" in html
    assert "Certificate in Applied Data" in html
    assert f"/design/awards/{award.credential_uuid}/badge.png" in html
    assert f'value="{settings.BASE_URL}/credentials/{award.credential_uuid}"' in html
    # Integrations registers counted sharing: the earner's buttons post to its share endpoint.
    assert f'action="/wallet/awards/{award.credential_uuid}/share"' in html
    assert 'data-share-copy="public-link"' in html


def test_without_a_share_provider_the_celebration_falls_back_to_plain_links(
    client_for, award, stacked, monkeypatch
):
    from credstack.design.services import extras

    monkeypatch.setattr(extras, "_providers", {})
    html = client_for("learner").get(f"/design/awards/{award.credential_uuid}/").content.decode()
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    assert 'data-copy="public-link"' in html


def test_the_public_badge_image_is_cacheable(award, org):
    client = Client()
    base = f"/issuers/{org.slug}/achievements/{award.credential_lineage}/image"
    png = client.get(f"{base}.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert "public" in png["Cache-Control"]
    svg = client.get(f"{base}.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert "max-age=3600" in svg["Cache-Control"]
    again = client.get(f"{base}.svg", HTTP_IF_NONE_MATCH=svg["ETag"])
    assert again.status_code == 304


def test_a_draft_badge_is_not_public(credential, org):
    credential.status = Lifecycle.DRAFT
    credential.save()
    client = Client()
    assert (
        client.get(f"/issuers/{org.slug}/achievements/{credential.lineage}/image.svg").status_code
        == 404
    )
    assert client.get(f"/issuers/{org.slug}/achievements/not-a-uuid/image.svg").status_code == 404
    assert (
        client.get(f"/issuers/someone-else/achievements/{credential.lineage}/image.svg").status_code
        == 404
    )


def test_a_pending_award_has_no_downloads(client_for, award):
    award.credential_json = None
    award.save(update_fields=["credential_json"])
    assert (
        client_for("badge_issuer")
        .get(f"/design/awards/{award.credential_uuid}/badge.png")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "did",
    [
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "did:web:example.org",
        "did:web:wallet.example.org:users:alice",
        "did:web:localhost.example%3A8443",
    ],
)
def test_it_accepts_did_key_and_did_web(did):
    assert validate_holder_did(f"  {did} ") == did


@pytest.mark.parametrize(
    "did",
    [
        "did:example:123",
        "did:key:abc",
        "did:web:",
        "did:web:exa mple.org",
        "https://example.org",
        "did:key:z6Mk" + "a" * 300,
    ],
)
def test_it_rejects_dids_it_cannot_bind(did):
    with pytest.raises(InvalidInput) as error:
        validate_holder_did(did)
    assert error.value.code == "BAD_DID"
