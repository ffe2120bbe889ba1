"""The framework's hierarchy rules: kinds nest, parents share the framework, no cycles."""

from __future__ import annotations

import pytest

from credstack.accounts.models import AuditEntry
from credstack.problems import Conflict, InvalidInput
from credstack.skills import rules, services

from .factories import ESCO_URI, item


def test_it_builds_the_tree_in_one_query(framework, django_assert_num_queries):
    with django_assert_num_queries(1):
        roots = services.framework_tree(framework)
    assert [r.item.code for r in roots] == ["DA", "SE"]
    assert [c.item.code for c in roots[0].children[0].children] == ["DA.1.1", "DA.1.2"]
    assert roots[0].children[0].children[0].depth == 2


def test_it_rejects_a_domain_with_a_parent(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.create_item(
            framework, designer, code="X", title="X", kind="domain", parent=item(framework, "DA")
        )
    assert e.value.code == "INVALID_HIERARCHY"
    assert not framework.items.filter(code="X").exists()


def test_it_rejects_a_capability_at_the_top(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.create_item(framework, designer, code="X", title="X", kind="capability")
    assert e.value.code == "INVALID_HIERARCHY"
    assert "needs a parent" in e.value.detail


def test_it_rejects_a_skill_under_a_skill(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.create_item(
            framework, designer, code="X", title="X", parent=item(framework, "DA.1.1")
        )
    assert e.value.code == "INVALID_HIERARCHY"


def test_it_rejects_a_parent_from_another_framework(framework, org, designer):
    other = services.create_framework(org, designer, title="Other")
    with pytest.raises(InvalidInput) as e:
        services.create_item(other, designer, code="X", title="X", parent=item(framework, "DA.1"))
    assert "another framework" in e.value.detail


def test_it_allows_a_skill_at_the_top_of_a_flat_list(framework, designer):
    skill = services.create_item(framework, designer, code="FLAT.1", title="Flat skill")
    assert skill.parent is None


def test_it_rejects_moving_an_item_under_its_own_descendant(framework, designer):
    cap = item(framework, "DA.1")
    inner = services.create_item(
        framework, designer, code="DA.1.9", title="Inner", kind="capability", parent=cap
    )
    with pytest.raises(InvalidInput) as e:
        services.update_item(cap, designer, parent=inner)
    assert e.value.code == "ITEM_CYCLE"
    assert item(framework, "DA.1").parent == item(framework, "DA")


def test_it_rejects_a_kind_change_that_would_strand_children(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.update_item(item(framework, "DA.1"), designer, kind="skill")
    assert e.value.code == "INVALID_HIERARCHY"


def test_it_moves_an_item_and_audits_before_and_after(framework, designer):
    services.update_item(item(framework, "DA.1.2"), designer, parent=item(framework, "SE.1"))
    assert item(framework, "DA.1.2").parent.code == "SE.1"
    entry = AuditEntry.objects.filter(action="skills.item.updated").first()
    assert entry.before["parent"] != entry.after["parent"]


def test_it_rejects_a_duplicate_code(framework, designer):
    with pytest.raises(Conflict) as e:
        services.create_item(
            framework, designer, code="DA.1.1", title="Again", parent=item(framework, "DA.1")
        )
    assert e.value.code == "ITEM_CODE_EXISTS"


def test_it_rejects_a_code_that_could_start_a_formula(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.create_item(framework, designer, code="=cmd", title="X")
    assert e.value.code == "INVALID_ITEM"


def test_it_refuses_trees_deeper_than_the_limit(framework, designer):
    parent = item(framework, "DA.1")
    for depth in range(2, rules.MAX_DEPTH):
        parent = services.create_item(
            framework, designer, code=f"D{depth}", title="deep", kind="capability", parent=parent
        )
    with pytest.raises(InvalidInput) as e:
        services.create_item(framework, designer, code="TOO", title="too deep", parent=parent)
    assert e.value.code == "TREE_TOO_DEEP"


def test_it_validates_esco_uris_by_pattern(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.create_item(
            framework,
            designer,
            code="E1",
            title="x",
            uri="http://data.europa.eu/esco/skill/not-a-uuid",
        )
    assert e.value.code == "INVALID_ITEM"
    assert item(framework, "SE.1.1").uri == ESCO_URI


def test_it_adds_an_esco_skill_by_uri_without_fetching(framework, designer):
    uri = "http://data.europa.eu/esco/skill/1f0f6e3c-1b8a-4f4c-8d53-8b4f8e3d2a10"
    skill = services.add_esco_skill(
        framework,
        designer,
        uri=uri,
        title="use spreadsheets software",
        parent=item(framework, "DA.1"),
    )
    assert (skill.code, skill.uri, skill.kind) == ("ESCO-1f0f6e3c", uri, "skill")
    with pytest.raises(Conflict) as e:
        services.add_esco_skill(framework, designer, uri=uri, title="again")
    assert e.value.code == "ESCO_SKILL_EXISTS"


def test_it_refuses_an_esco_uri_of_the_wrong_shape(framework, designer):
    with pytest.raises(InvalidInput) as e:
        services.add_esco_skill(
            framework,
            designer,
            uri="http://data.europa.eu/esco/occupation/1f0f6e3c-1b8a-4f4c-8d53-8b4f8e3d2a10",
            title="x",
        )
    assert e.value.code == "INVALID_ESCO_URI"


def test_it_will_not_delete_an_item_with_children(framework, designer):
    with pytest.raises(Conflict) as e:
        services.delete_item(item(framework, "DA.1"), designer)
    assert e.value.code == "ITEM_HAS_CHILDREN"


def test_it_deletes_a_leaf_and_audits_it(framework, designer):
    services.delete_item(item(framework, "DA.1.2"), designer)
    assert not framework.items.filter(code="DA.1.2").exists()
    assert AuditEntry.objects.filter(
        action="skills.item.deleted", object_repr__startswith="DA.1.2"
    ).exists()
