"""Versions copy the tree and freeze the old one; proficiency levels are ranked and guarded."""

from __future__ import annotations

import pytest

from credstack.accounts.models import AuditEntry
from credstack.problems import Conflict, InvalidInput
from credstack.skills import services

from .factories import item, level


def test_a_new_version_copies_the_tree_and_the_scale(framework, designer):
    v2 = services.create_version(framework, designer, version="2.0")
    assert v2.previous_version == framework
    assert sorted(v2.items.values_list("code", flat=True)) == sorted(
        framework.items.values_list("code", flat=True)
    )
    assert list(v2.levels.values_list("rank", "name")) == list(
        framework.levels.values_list("rank", "name")
    )
    copied = item(v2, "DA.1.1")
    assert copied.parent.code == "DA.1" and copied.parent.framework == v2
    assert copied.previous == item(framework, "DA.1.1")
    assert copied.case_identifier != item(framework, "DA.1.1").case_identifier
    assert AuditEntry.objects.filter(
        action="skills.framework.versioned", object_id=str(v2.pk)
    ).exists()


def test_the_old_version_becomes_read_only(framework, designer):
    services.create_version(framework, designer, version="2.0")
    with pytest.raises(Conflict) as e:
        services.create_item(framework, designer, code="NEW", title="New")
    assert e.value.code == "FRAMEWORK_SUPERSEDED"
    with pytest.raises(Conflict):
        services.create_version(framework, designer, version="3.0")


def test_it_refuses_a_version_name_that_exists(framework, designer):
    with pytest.raises(Conflict) as e:
        services.create_version(framework, designer, version="1.0")
    assert e.value.code == "FRAMEWORK_VERSION_EXISTS"


def test_it_refuses_a_version_name_with_a_slash(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.create_version(framework, designer, version="2/0")
    assert e.value.code == "INVALID_VERSION"
    assert framework.slug and not framework.is_superseded


def test_it_refuses_two_levels_with_one_rank(framework, designer):
    with pytest.raises(Conflict) as e:
        services.create_level(framework, designer, rank=3, name="Again")
    assert e.value.code == "LEVEL_RANK_EXISTS"


def test_it_will_not_delete_a_level_in_use(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), level(framework, 3), designer)
    with pytest.raises(Conflict) as e:
        services.delete_level(level(framework, 3), designer)
    assert e.value.code == "LEVEL_IN_USE"
    services.delete_level(level(framework, 5), designer)
    assert framework.levels.count() == 4


def test_it_renames_a_level_and_audits_it(framework, designer):
    services.update_level(level(framework, 1), designer, name="Awareness")
    assert level(framework, 1).name == "Awareness"
    entry = AuditEntry.objects.get(action="skills.level.updated")
    assert (entry.before["name"], entry.after["name"]) == ("Foundation", "Awareness")
