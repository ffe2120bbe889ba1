"""Stacks under their rules, progress through them, and pathway validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from credstack.accounts.models import AuditEntry
from credstack.catalog.models import Pathway, Stack
from credstack.catalog.services import (
    PathwayInput,
    StackInput,
    delete_stack,
    save_pathway,
    save_stack,
    stack_progress,
    start_new_version,
    where_it_leads,
)
from credstack.problems import InvalidInput


@pytest.fixture
def three(make_credential):
    return [make_credential(f"DATA-10{i}", credit_value=Decimal("2.5")) for i in range(1, 4)]


def stack_of(cast, org, members, **rule):
    return save_stack(
        cast["designer"],
        org,
        StackInput(
            title="Analytics",
            award_title="Graduate Certificate",
            member_ids=[m.pk for m in members],
            **rule,
        ),
    )


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"rule": "n_of", "required_count": 4}, "between 1 and 3"),
        ({"rule": "n_of"}, "between 1 and 3"),
        ({"rule": "credit_threshold", "credit_threshold": Decimal("8")}, "cannot be reached"),
        ({"rule": "credit_threshold"}, "positive number"),
        ({"rule": "all_of", "required_count": 2}, "neither"),
        ({"rule": "most_of"}, "not one of"),
    ],
)
def test_it_refuses_a_stack_rule_that_cannot_be_met(cast, org, three, rule, problem):
    with pytest.raises(InvalidInput) as caught:
        stack_of(cast, org, three, **rule)
    assert problem in caught.value.detail
    assert caught.value.code == "STACK_RULE_INVALID"
    assert not Stack.objects.exists()


def test_all_of_progress_counts_credentials(cast, org, three):
    stack = stack_of(cast, org, three)
    assert stack_progress(stack, [three[0].pk]) == (1, 3, False)
    assert stack_progress(stack, [c.pk for c in three]) == (3, 3, True)


def test_n_of_progress_completes_at_the_required_count(cast, org, three):
    stack = stack_of(cast, org, three, rule="n_of", required_count=2)
    assert stack_progress(stack, [three[0].pk, three[2].pk]) == (2, 2, True)


def test_credit_threshold_progress_sums_credits(cast, org, three):
    stack = stack_of(cast, org, three, rule="credit_threshold", credit_threshold=Decimal("5"))
    earned, required, complete = stack_progress(stack, [three[1].pk])
    assert (earned, required, complete) == (Decimal("2.5"), Decimal("5"), False)
    assert stack_progress(stack, [three[1].pk, three[2].pk]).complete


def test_an_award_for_an_older_version_still_counts_toward_the_stack(
    cast, org, make_credential, publish_credential
):
    v1 = publish_credential(make_credential())
    stack = stack_of(cast, org, [v1])
    v2 = publish_credential(start_new_version(cast["designer"], v1))
    stack.refresh_from_db()
    assert list(stack.memberships.values_list("credential_id", flat=True)) == [v2.pk]
    assert stack_progress(stack, [v1.pk]) == (1, 1, True)


def test_stacks_are_audited_and_deleted(cast, org, three):
    stack = stack_of(cast, org, three)
    delete_stack(cast["designer"], stack)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["catalog.stack.created", "catalog.stack.deleted"]


@pytest.mark.parametrize(
    "data",
    [
        {
            "title": "Two sources",
            "from_credential_id": "A",
            "from_stack_id": "S",
            "external_award": "MSc",
        },
        {"title": "No destination", "from_credential_id": "A"},
        {
            "title": "Two destinations",
            "from_credential_id": "A",
            "to_credential_id": "B",
            "external_award": "MSc",
        },
        {"title": "Loop", "from_credential_id": "A", "to_credential_id": "A"},
        {"title": "", "from_credential_id": "A", "external_award": "MSc"},
        {
            "title": "Negative",
            "from_credential_id": "A",
            "external_award": "MSc",
            "credit_granted": Decimal("-1"),
        },
    ],
)
def test_it_refuses_a_malformed_pathway(cast, org, three, data):
    ids = {"A": three[0].pk, "B": three[1].pk}
    stack = stack_of(cast, org, three)
    resolved = {k: ids.get(v, stack.pk if v == "S" else v) for k, v in data.items()}
    with pytest.raises(InvalidInput) as caught:
        save_pathway(cast["designer"], org, PathwayInput(**resolved))
    assert caught.value.code == "PATHWAY_INVALID"
    assert not Pathway.objects.exists()


def test_where_it_leads_lists_its_stacks_and_onward_pathways(cast, org, three):
    stack = stack_of(cast, org, three[:2])
    save_pathway(
        cast["designer"],
        org,
        PathwayInput(
            title="MSc credit",
            from_stack_id=stack.pk,
            external_award="MSc Data Science",
            credit_granted=Decimal("30"),
        ),
    )
    save_pathway(
        cast["designer"],
        org,
        PathwayInput(
            title="Next step", from_credential_id=three[0].pk, to_credential_id=three[2].pk
        ),
    )
    leads = where_it_leads(three[0])
    assert [s.pk for s in leads.stacks] == [stack.pk]
    assert sorted(p.title for p in leads.pathways) == ["MSc credit", "Next step"]
    assert where_it_leads(three[2]).pathways == []
