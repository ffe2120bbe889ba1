"""Revocation and suspension show at once in the signed, published status lists."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from credstack.accounts.models import AuditEntry
from credstack.issuance.models import Award, AwardStatus
from credstack.issuance.models import StatusList as StatusListRow
from credstack.issuance.services import revoke_award, suspend_award, unsuspend_award
from credstack.issuance.services.status_lists import CLOCK_SKEW_ALLOWANCE
from credstack.problems import Conflict, InvalidInput
from credstack.vc.proofs import verify_proofs
from credstack.vc.resolve import KeyResolver
from credstack.vc.status import StatusList, check_status
from credstack.vc.verify import verify

pytestmark = pytest.mark.django_db


def _bits(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url.removeprefix("https://credstack.test"), HTTP_ACCEPT="application/vc")
    assert response.status_code == 200
    document = json.loads(response.content)
    return StatusList.decode(document["credentialSubject"]["encodedList"]), document, response


def test_revocation_is_visible_in_the_decoded_signed_list_at_once(
    make_award, credential, set_rule, cast, client, fetcher
):
    set_rule(credential)
    award = make_award()
    entry = award.credential_json["credentialStatus"]
    index = int(entry["statusListIndex"])
    bits, _, _ = _bits(client, entry["statusListCredential"])
    assert not bits.get(index)
    revoke_award(cast["badge_issuer"], award, "Academic misconduct found on appeal")
    bits, document, response = _bits(client, entry["statusListCredential"])
    assert bits.get(index) and bits.set_indices() == [index]
    assert response["Content-Type"].startswith("application/vc")
    assert "max-age" in response["Cache-Control"] and response["ETag"]
    assert all(r.ok for r in verify_proofs(document, resolver=KeyResolver(fetcher)))
    assert (
        verify(award.credential_json, resolver=KeyResolver(fetcher), fetcher=fetcher).result
        == "revoked"
    )
    assert AuditEntry.objects.filter(
        action="issuance.award.revoked", note__contains="misconduct"
    ).exists()


def test_suspension_uses_the_companion_list_at_the_same_index_and_can_be_lifted(
    make_award, credential, set_rule, cast, client
):
    set_rule(credential)
    award = make_award()
    index = award.status_index
    url = f"/issuers/{award.issuer.slug}/status/suspension/{award.status_list.sequence}"
    suspend_award(cast["qa_manager"], award, "Under investigation")
    assert _bits(client, url)[0].get(index)
    assert _bits(client, f"/issuers/{award.issuer.slug}/status/revocation/1/suspension")[0].get(
        index
    )
    assert not _bits(client, award.credential_json["credentialStatus"]["statusListCredential"])[
        0
    ].get(index)
    unsuspend_award(cast["qa_manager"], award, "Cleared")
    assert not _bits(client, url)[0].get(index)
    assert Award.objects.get(pk=award.pk).status == AwardStatus.ISSUED


def test_the_list_is_cached_per_version_and_answers_304_to_its_etag(
    make_award, credential, set_rule, cast, client
):
    set_rule(credential)
    award = make_award()
    path = award.credential_json["credentialStatus"]["statusListCredential"].removeprefix(
        "https://credstack.test"
    )
    first = client.get(path)
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert json.loads(client.get(path).content)["proof"] == json.loads(first.content)["proof"]
    revoke_award(cast["qa_manager"], award, "Issued in error")
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_status_indices_are_unique_across_many_awards(make_award, credential, set_rule):
    set_rule(credential)
    awards = [make_award(email=f"p{n}@example.org") for n in range(25)]
    indices = [a.status_index for a in awards]
    assert len(set(indices)) == 25
    assert awards[0].status_list.__class__.objects.get(pk=awards[0].status_list_id).next_index == 25


def test_revocation_needs_a_reason_and_an_issued_award(make_award, credential, set_rule, cast):
    set_rule(credential, requires_approval=True)
    pending = make_award()
    with pytest.raises(InvalidInput):
        revoke_award(cast["qa_manager"], pending, "")
    with pytest.raises(Conflict):
        revoke_award(cast["qa_manager"], pending, "Wrong person")
    with pytest.raises(Conflict):
        unsuspend_award(cast["qa_manager"], pending, "Nothing to lift")


def test_an_unknown_status_list_is_404(issuer, client):
    assert client.get(f"/issuers/{issuer.slug}/status/revocation/9").status_code == 404
    assert client.get(f"/issuers/{issuer.slug}/status/message/1").status_code == 404
    assert client.get("/issuers/nobody/status/revocation/1").status_code == 404


def test_a_full_list_opens_the_next_sequence_with_its_suspension_companion(
    make_award, credential, set_rule, issuer
):
    from credstack.issuance.models import StatusList as Row

    set_rule(credential)
    Row.objects.filter(issuer=issuer, purpose="revocation").update(next_index=131072)
    award = make_award()
    assert award.status_list.sequence == 2
    assert award.credential_json["credentialStatus"]["statusListCredential"].endswith(
        "/status/revocation/2"
    )
    assert Row.objects.filter(issuer=issuer, sequence=2).count() == 2


def test_a_verifier_whose_clock_runs_behind_still_reads_a_list_changed_a_moment_ago(
    make_award, credential, set_rule, cast, fetcher
):
    set_rule(credential)
    award = make_award()
    revoke_award(cast["badge_issuer"], award, "Assessment evidence was plagiarised")
    changed = StatusListRow.objects.get(
        issuer=award.issuer, purpose="revocation", sequence=award.status_list.sequence
    ).updated_at
    # Signing is lazy: the first read happens after the change, and a verifier two minutes
    # behind our clock must not be told the list is not valid yet.
    behind = changed - timedelta(minutes=2)
    [result] = check_status(award.credential_json, fetcher=fetcher, now=behind)
    assert result.ok, result.message
    assert result.set and result.code == "STATUS_SET"


def test_the_list_credential_is_valid_from_its_last_change_less_the_skew_allowance(
    make_award, credential, set_rule, cast, client
):
    set_rule(credential)
    award = make_award()
    suspend_award(cast["qa_manager"], award, "Under investigation")
    row = StatusListRow.objects.get(
        issuer=award.issuer, purpose="suspension", sequence=award.status_list.sequence
    )
    _, document, _ = _bits(client, f"/issuers/{award.issuer.slug}/status/suspension/1")
    valid_from = datetime.fromisoformat(document["validFrom"])
    assert valid_from == (row.updated_at - CLOCK_SKEW_ALLOWANCE).replace(microsecond=0)
