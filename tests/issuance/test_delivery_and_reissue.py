"""Delivery and claim, corrections by re-issue, and the learner journey on award."""

from __future__ import annotations

import re

import pytest

from credstack.accounts.models import OutboxMessage
from credstack.issuance.models import Award, AwardStatus
from credstack.issuance.services import reissue_award
from credstack.issuance.services.delivery import token_hash
from credstack.problems import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


def _claim_path(award: Award) -> str:
    message = OutboxMessage.objects.get(to=award.recipient_email)
    return re.search(r"https://credstack\.test(/issuance/claim/\S+)", message.body_text).group(1)


def test_issuing_emails_a_claim_link_and_stores_only_its_hash(make_award, credential, set_rule):
    set_rule(credential)
    award = make_award(email="learner@example.org")
    path = _claim_path(award)
    token = path.rsplit("/", 1)[1]
    award.refresh_from_db()
    assert award.claim_token_hash == token_hash(token) and token not in award.claim_token_hash


def test_claiming_binds_the_award_and_offers_the_json_download(
    make_award, credential, set_rule, client_for, cast
):
    set_rule(credential)
    award = make_award(email="learner@example.org")
    client = client_for("learner")
    path = _claim_path(award)
    assert client.get(path).status_code == 200
    response = client.post(path, {"did": ""})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.recipient_user == cast["learner"] and award.claimed_at
    celebration = client.get(response["Location"]).content.decode()
    assert (
        "Congratulations" in celebration
        and f"/issuance/credentials/{award.credential_uuid}/credential.json" in celebration
    )
    download = client.get(f"/issuance/credentials/{award.credential_uuid}/credential.json")
    assert download.status_code == 200 and b'"OpenBadgeCredential"' in download.content
    assert (
        client_for("outsider").post(path, {"did": ""}).status_code == 400
    )  # taken by another account
    assert (
        client_for("outsider")
        .get(f"/issuance/credentials/{award.credential_uuid}/credential.json")
        .status_code
        == 403
    )


def test_claiming_with_a_did_reissues_the_credential_to_that_did(
    make_award, credential, set_rule, client_for
):
    set_rule(credential)
    award = make_award(email="learner@example.org")
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    client_for("learner").post(_claim_path(award), {"did": did})
    new = Award.objects.get(replaces=award)
    assert new.credential_json["credentialSubject"]["id"] == did
    award.refresh_from_db()
    assert award.status == AwardStatus.REVOKED and award.status_reason == "superseded"


def test_a_bad_claim_link_is_404(client_for):
    assert client_for("learner").get("/issuance/claim/not-a-token").status_code == 404


def test_a_correction_is_a_new_award_and_the_old_credential_is_untouched_but_revoked(
    make_award, credential, set_rule, cast
):
    set_rule(credential)
    old = make_award(name="Ada Lovelace")
    original = dict(old.credential_json)
    new = reissue_award(
        cast["badge_issuer"], old, {"narrative": "Capstone on municipal open data."}
    )
    old.refresh_from_db()
    assert old.credential_json == original
    assert old.status == AwardStatus.REVOKED and old.status_reason == "superseded"
    assert new.replaces == old and new.status == AwardStatus.ISSUED
    assert (
        new.credential_json["credentialSubject"]["narrative"] == "Capstone on municipal open data."
    )
    assert new.status_index != old.status_index
    with pytest.raises(Conflict):
        reissue_award(cast["badge_issuer"], old, {"narrative": "again"})
    with pytest.raises(InvalidInput):
        reissue_award(cast["badge_issuer"], new, {"credential_json": {}})


def test_evidence_goes_in_only_as_far_as_the_owner_allows_and_the_earner_consented(
    make_award, credential, set_rule
):
    url = "https://portfolio.example/sam/capstone"
    set_rule(credential, evidence_sharing="embed")
    none = make_award(email="a@example.org", evidence_url=url, narrative="Built a dashboard.")
    linked = make_award(
        email="b@example.org",
        evidence_url=url,
        narrative="Built a dashboard.",
        evidence_consent="link",
    )
    embedded = make_award(
        email="c@example.org",
        evidence_url=url,
        narrative="Built a dashboard.",
        evidence_consent="embed",
    )
    assert "evidence" not in none.credential_json
    assert linked.credential_json["evidence"] == [
        {"type": ["Evidence"], "id": url, "name": "Evidence"}
    ]
    assert embedded.credential_json["evidence"][0]["narrative"] == "Built a dashboard."
    set_rule(credential, evidence_sharing="link")
    capped = make_award(
        email="d@example.org",
        evidence_url=url,
        narrative="Built a dashboard.",
        evidence_consent="embed",
    )
    assert "narrative" not in capped.credential_json["evidence"][0]
