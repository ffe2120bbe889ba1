"""The demo's assessment builder leaves a submission in every state, through the real services."""

from __future__ import annotations

import pytest

from credstack.assessment.models import AssessorInvitation, IssuanceTrigger, Submission
from credstack.web.demo import load


@pytest.mark.django_db
def test_the_demo_has_submissions_in_every_state_and_an_invited_industry_assessor(
    settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    load(["accounts", "skills", "catalog", "learning", "assessment"])
    states = {(s.kind, s.status) for s in Submission.objects.all()}
    assert states >= {
        ("normal", "submitted"),
        ("normal", "passed"),
        ("normal", "resubmission_requested"),
        ("normal", "not_yet_competent"),
        ("rpl", "submitted"),
    }
    passed = Submission.objects.get(status="passed")
    assert (
        IssuanceTrigger.objects.get(status="pending").idempotency_key == f"assessment:{passed.pk}"
    )
    invitation = AssessorInvitation.objects.get()
    assert invitation.assessor.username == "industry-assessor" and invitation.revoked_at is None
    assert all(s.receipt_number and s.evidence_files.exists() for s in Submission.objects.all())
