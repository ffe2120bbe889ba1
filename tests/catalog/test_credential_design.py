"""Designing a credential: drafts, validation, prerequisite cycles and versioning."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from credstack.accounts.models import AuditEntry
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.catalog.services import (
    CriterionInput,
    start_new_version,
    submit_for_review,
    update_credential,
)
from credstack.problems import Conflict, InvalidInput

from .conftest import align, document


def test_it_creates_a_draft_with_outcomes_criteria_and_links(make_credential, cast):
    credential = make_credential(tags=["Data", "Python"])
    assert credential.status == Lifecycle.DRAFT
    assert credential.author == cast["designer"]
    assert [o.code for o in credential.outcomes.all()] == ["LO1", "LO2"]
    first = credential.criteria.first()
    assert [o.code for o in first.outcomes.all()] == ["LO1"]
    assert sorted(t.name for t in credential.tags.all()) == ["Data", "Python"]
    entry = AuditEntry.objects.get(action="catalog.credential.created")
    assert entry.object_id == str(credential.pk)
    assert entry.after["outcomes"][0].startswith("Load and clean")


def test_it_refuses_a_designer_role_to_nobody_else(cast, org):
    from credstack.catalog.services import create_credential

    with pytest.raises(PermissionDenied):
        create_credential(cast["assessor"], org, document())
    assert not MicroCredential.objects.exists()


def test_it_rejects_a_criterion_linked_to_a_missing_outcome(make_credential):
    bad = [CriterionInput("Judged on nothing", outcome_positions=(5,))]
    with pytest.raises(InvalidInput) as caught:
        make_credential(criteria=bad)
    assert caught.value.code == "UNKNOWN_OUTCOME"
    assert not MicroCredential.objects.exists()


def test_it_rejects_more_than_a_hundred_hours(make_credential):
    with pytest.raises(InvalidInput) as caught:
        make_credential(volume_hours=150)
    assert "volume_hours" in caught.value.detail


def test_it_rejects_a_duplicate_code_at_the_same_organisation(make_credential):
    make_credential("DATA-101")
    with pytest.raises(InvalidInput):
        make_credential("DATA-101")
    assert MicroCredential.objects.count() == 1


def test_it_rejects_a_prerequisite_cycle_naming_the_cycle(make_credential, cast):
    a = make_credential("DATA-101")
    b = make_credential("DATA-201", prerequisite_ids=[a.pk])
    c = make_credential("DATA-301", prerequisite_ids=[b.pk])
    with pytest.raises(InvalidInput) as caught:
        update_credential(cast["designer"], a, document("DATA-101", prerequisite_ids=[c.pk]))
    assert caught.value.code == "PREREQUISITE_CYCLE"
    assert "DATA-101 → DATA-301 → DATA-201 → DATA-101" in caught.value.detail
    assert list(a.prerequisites.all()) == []


def test_it_rejects_a_credential_as_its_own_prerequisite(make_credential, cast):
    a = make_credential()
    with pytest.raises(InvalidInput) as caught:
        update_credential(cast["designer"], a, document(prerequisite_ids=[a.pk]))
    assert caught.value.code == "PREREQUISITE_CYCLE"


def test_it_updates_a_draft_replacing_outcomes_and_recording_before_and_after(
    make_credential, cast
):
    credential = make_credential()
    changed = update_credential(cast["designer"], credential, document(title="Data wrangling"))
    assert changed.pk == credential.pk
    assert changed.title == "Data wrangling"
    entry = AuditEntry.objects.get(action="catalog.credential.updated")
    assert entry.before["title"].startswith("Python for data")
    assert entry.after["title"] == "Data wrangling"


def test_it_locks_a_credential_in_review(make_credential, cast):
    credential = make_credential()
    submit_for_review(cast["designer"], credential)
    with pytest.raises(Conflict) as caught:
        update_credential(cast["designer"], credential, document(title="Sneaky edit"))
    assert caught.value.code == "CREDENTIAL_LOCKED"
    credential.refresh_from_db()
    assert credential.title != "Sneaky edit"


def test_editing_a_published_credential_makes_a_new_version_copying_everything(
    make_credential, publish_credential, cast, skills, partner
):
    base = make_credential("DATA-101")
    v1 = make_credential(
        "DATA-201", prerequisite_ids=[base.pk], partner_ids=[partner.pk], tags=["Data"]
    )
    align(v1, skills["PY"], skills["SQL"])
    publish_credential(v1)
    v2 = update_credential(
        cast["designer"],
        v1,
        document(
            "DATA-201",
            title="Python for data, 2nd ed.",
            prerequisite_ids=[base.pk],
            partner_ids=[partner.pk],
            tags=["Data"],
        ),
    )
    v1.refresh_from_db()
    assert v1.status == Lifecycle.PUBLISHED and v1.title.startswith("Python for data analysis")
    assert (v2.version, v2.lineage, v2.previous_version_id) == (2, v1.lineage, v1.pk)
    assert v2.status == Lifecycle.DRAFT and v2.title == "Python for data, 2nd ed."
    assert sorted(a.item.code for a in v2.alignments.all()) == ["PY", "SQL"]
    assert list(v2.prerequisites.all()) == [base]
    assert list(v2.industry_partners.all()) == [partner]
    assert AuditEntry.objects.filter(action="catalog.credential.versioned").count() == 1


def test_a_new_version_copies_outcome_links_of_criteria(make_credential, publish_credential, cast):
    v1 = publish_credential(make_credential())
    v2 = start_new_version(cast["designer"], v1)
    links = [[o.code for o in c.outcomes.all()] for c in v2.criteria.all()]
    assert links == [["LO1"], ["LO2"]]
    assert {o.credential_id for c in v2.criteria.all() for o in c.outcomes.all()} == {v2.pk}


def test_it_refuses_a_second_new_version_while_one_is_in_progress(
    make_credential, publish_credential, cast
):
    v1 = publish_credential(make_credential())
    start_new_version(cast["designer"], v1)
    with pytest.raises(Conflict) as caught:
        start_new_version(cast["designer"], v1)
    assert caught.value.code == "DRAFT_VERSION_EXISTS"
