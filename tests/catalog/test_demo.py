"""The demo catalogue builds through the real services with every lifecycle state."""

from __future__ import annotations

from collections import Counter

from credstack.catalog.models import MicroCredential, Offering, Pathway, Stack
from credstack.catalog.services import analyse_pathways
from credstack.skills.models import Alignment
from credstack.web.demo import load


def test_the_demo_catalogue_has_every_state_stacks_pathways_and_offerings(db):
    ctx = load(["accounts", "skills", "catalog"])
    states = Counter(MicroCredential.objects.values_list("status", flat=True))
    assert set(states) == {"draft", "in_review", "approved", "published", "retired"}
    assert sum(states.values()) >= 20
    v2 = MicroCredential.objects.get(code="DATA-101", version=2)
    assert v2.status == "published" and v2.previous_version.status == "retired"
    assert Stack.objects.filter(
        award_title="Graduate Certificate in Applied Data Analytics"
    ).exists()
    assert Stack.objects.count() >= 3
    assert Pathway.objects.exclude(external_award="").count() >= 3
    assert Offering.objects.filter(capacity__isnull=False, facilitator__isnull=False).count() >= 2
    assert Alignment.objects.filter(credential__organisation=ctx.institution).exists()
    assert analyse_pathways(ctx.institution).cycles == []
