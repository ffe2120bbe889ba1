"""The demo institution's issuance: every state is present and every credential verifies."""

from __future__ import annotations

import pytest

from credstack.issuance.models import Award
from credstack.vc.resolve import KeyResolver
from credstack.vc.schema import validate_schema
from credstack.vc.verify import verify
from credstack.web.demo import load

pytestmark = pytest.mark.django_db


def test_the_demo_has_awards_in_every_state_and_each_credential_verifies(fetcher):
    load()
    awards = list(Award.objects.all())
    states = {a.shown_status for a in awards}
    assert {"pending_approval", "issued", "suspended", "revoked", "expired"} <= states
    assert any(a.claimed_at for a in awards)
    assert any(a.source == "assessment" and a.submission_id for a in awards)
    for award in awards:
        if award.credential_json is None:
            continue
        validate_schema(award.credential_json)
        report = verify(award.credential_json, resolver=KeyResolver(fetcher), fetcher=fetcher)
        proof = [c for c in report.to_dict()["checks"] if c["name"] == "proof"]
        assert proof and all(c["status"] == "pass" for c in proof), report.to_dict()
        expected = {
            "issued": "valid",
            "suspended": "valid",
            "revoked": "revoked",
            "expired": "expired",
        }
        assert report.result == expected[award.shown_status], (
            award.shown_status,
            report.to_dict()["checks"],
        )
