"""The demo wallet: Mateo holds a verified credential imported from an industry partner."""

from __future__ import annotations

import pytest

from credstack.integrations.models import ImportedCredential, IssuedClr
from credstack.integrations.services import stack_completions
from credstack.web.demo import load

pytestmark = pytest.mark.django_db


def test_the_demo_earner_has_a_verified_import_and_a_clr_for_each_complete_stack() -> None:
    ctx = load()
    earner = ctx.users["learner2"]
    [imported] = ImportedCredential.objects.filter(user=earner)
    assert (imported.result, imported.name) == ("valid", "Cloud Cost Awareness")
    complete = [c.stack.pk for c in stack_completions(earner) if c.progress.complete]
    assert sorted(IssuedClr.objects.filter(earner=earner).values_list("stack_id", flat=True)) == (
        sorted(complete)
    )
