"""The QA approval queue: bulk decisions with a reason, four eyes, all audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from credstack.accounts.models import AuditEntry, Membership, Role
from credstack.issuance.models import Award, AwardStatus
from credstack.issuance.services import approve_awards, reject_awards
from credstack.problems import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(make_award, credential, set_rule):  # type: ignore[no-untyped-def]
    set_rule(credential, requires_approval=True)
    return [make_award(email=f"earner{n}@example.org") for n in range(3)]


def test_a_qa_manager_approves_in_bulk_and_each_award_is_issued_and_audited(pending, cast):
    issued = approve_awards(cast["qa_manager"], [a.pk for a in pending], "Evidence checked")
    assert {a.status for a in issued} == {AwardStatus.ISSUED}
    assert all(a.credential_json and a.decided_by == cast["qa_manager"] for a in issued)
    assert AuditEntry.objects.filter(action="issuance.award.approved").count() == 3
    assert (
        AuditEntry.objects.filter(action="issuance.award.issued", actor=cast["qa_manager"]).count()
        == 3
    )


def test_the_requester_can_never_approve_their_own_award(pending, cast):
    requester = cast["badge_issuer"]
    Membership.objects.create(
        user=requester, organisation=pending[0].issuer.organisation, role=Role.QA_MANAGER
    )
    with pytest.raises(PermissionDenied, match="four eyes"):
        approve_awards(requester, [a.pk for a in pending])
    assert set(Award.objects.values_list("status", flat=True)) == {AwardStatus.PENDING_APPROVAL}
    assert not AuditEntry.objects.filter(action="issuance.award.approved").exists()


def test_the_four_eyes_refusal_is_a_clear_message_on_the_queue_page(pending, cast, client_for):
    requester = cast["badge_issuer"]
    Membership.objects.create(
        user=requester, organisation=pending[0].issuer.organisation, role=Role.QA_MANAGER
    )
    response = client_for("badge_issuer").post(
        "/issuance/approvals/", {"award": [pending[0].pk], "decision": "approve", "reason": ""}
    )
    assert response.status_code == 403
    assert "another QA/release manager must decide it" in response.content.decode()
    assert Award.objects.get(pk=pending[0].pk).status == AwardStatus.PENDING_APPROVAL


def test_rejecting_needs_a_reason_and_records_it(pending, cast, client_for):
    with pytest.raises(InvalidInput):
        reject_awards(cast["qa_manager"], [pending[0].pk], "  ")
    response = client_for("qa_manager").post(
        "/issuance/approvals/",
        {
            "award": [pending[0].pk, pending[1].pk],
            "decision": "reject",
            "reason": "No evidence of criterion 2",
        },
    )
    assert response.status_code == 302
    rejected = Award.objects.filter(status=AwardStatus.REJECTED)
    assert rejected.count() == 2 and {a.decision_reason for a in rejected} == {
        "No evidence of criterion 2"
    }
    assert AuditEntry.objects.filter(action="issuance.award.rejected").count() == 2


def test_the_queue_shows_the_evidence_and_links_the_assessment(pending, client_for):
    Award.objects.filter(pk=pending[0].pk).update(evidence_url="https://portfolio.example/ada/deck")
    page = client_for("qa_manager").get("/issuance/approvals/").content.decode()
    assert "https://portfolio.example/ada/deck" in page
    assert "earner0@example.org" in page


def test_the_manual_award_page_shows_form_errors_for_bad_input_and_writes_nothing(
    issuer, credential, set_rule, client_for
):
    set_rule(credential)
    client = client_for("badge_issuer")
    assert client.get("/issuance/award/new/").status_code == 200
    for data in (
        {"credential": credential.pk, "event": "e1", "evidence_consent": "none"},
        {
            "credential": credential.pk,
            "event": "e2",
            "evidence_consent": "none",
            "recipient_email": "nope",
        },
        {
            "credential": "999999",
            "event": "e3",
            "evidence_consent": "none",
            "recipient_email": "a@example.org",
        },
        {
            "credential": credential.pk,
            "event": "e4",
            "evidence_consent": "all",
            "recipient_email": "a@example.org",
        },
    ):
        assert client.post("/issuance/award/new/", data).status_code == 400
    assert Award.objects.count() == 0
    made = client.post(
        "/issuance/award/new/",
        {
            "credential": credential.pk,
            "event": "e5",
            "evidence_consent": "none",
            "recipient_email": "a@example.org",
            "recipient_name": "Ari",
        },
    )
    again = client.post(
        "/issuance/award/new/",
        {
            "credential": credential.pk,
            "event": "e5",
            "evidence_consent": "none",
            "recipient_email": "a@example.org",
            "recipient_name": "Ari",
        },
    )
    assert made.status_code == again.status_code == 302 and made["Location"] == again["Location"]
    assert Award.objects.count() == 1
