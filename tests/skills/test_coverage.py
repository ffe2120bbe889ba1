"""Coverage: uncovered and over-covered items, per-domain counts, bounded queries."""

from __future__ import annotations

from credstack.catalog.models import Lifecycle
from credstack.skills import services

from .factories import item, make_credential


def test_an_empty_catalogue_leaves_every_item_uncovered(framework):
    report = services.coverage(framework)
    assert len(report.uncovered) == 7 and report.covered_count == 0


def test_a_skill_covers_itself_and_its_ancestors(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), None, designer)
    report = services.coverage(framework)
    uncovered = {c.item.code for c in report.uncovered}
    assert uncovered == {"DA.1.2", "SE", "SE.1", "SE.1.1"}
    domains = {d.domain.code: d for d in report.domains}
    assert (domains["DA"].items, domains["DA"].covered, domains["DA"].credentials) == (3, 2, 1)
    assert (domains["SE"].covered, domains["SE"].uncovered) == (0, 2)


def test_over_coverage_uses_the_threshold(framework, designer, org):
    for n in range(3):
        services.align(
            make_credential(org, code=f"c{n}"), item(framework, "SE.1.1"), None, designer
        )
    assert services.coverage(framework).over_covered == []
    report = services.coverage(framework, threshold=2)
    assert [(c.item.code, c.direct) for c in report.over_covered] == [("SE.1.1", 3)]


def test_versions_of_one_credential_count_once_and_retired_ones_not_at_all(
    framework, designer, org, credential
):
    services.align(credential, item(framework, "DA.1.1"), None, designer)
    v2 = make_credential(org, code="data-101", version=2, lineage=credential.lineage)
    services.align(v2, item(framework, "DA.1.1"), None, designer)
    retired = make_credential(org, code="old")
    services.align(retired, item(framework, "DA.1.2"), None, designer)
    retired.status = Lifecycle.RETIRED
    retired.save()
    by_code = {c.item.code: c for c in services.coverage(framework).items}
    assert by_code["DA.1.1"].direct == 1
    assert by_code["DA.1.2"].direct == 0


def test_coverage_takes_the_same_queries_whatever_the_size(
    framework, designer, org, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        small = services.coverage(framework)
    parent = item(framework, "DA.1")
    for n in range(150):
        skill = services.create_item(
            framework, designer, code=f"DA.1.X{n}", title=f"Skill {n}", parent=parent
        )
        if n % 3 == 0:
            services.align(make_credential(org, code=f"k{n}"), skill, None, designer)
    with django_assert_max_num_queries(3):
        big = services.coverage(framework)
    assert len(big.items) == len(small.items) + 150
    assert big.covered_count == 50 + 2
