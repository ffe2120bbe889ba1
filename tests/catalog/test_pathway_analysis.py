"""Pathway analysis: orphans, dead ends, cycles in stored data, overlaps, and the map."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.catalog.models import MicroCredential
from credstack.catalog.services import (
    PathwayInput,
    StackInput,
    analyse_pathways,
    find_cycles,
    render_constellation,
    save_pathway,
    save_stack,
)

from .conftest import align


def test_it_finds_orphans_dead_ends_and_what_leads_on(cast, org, make_credential):
    lone = make_credential("LONE-1")
    first = make_credential("SEQ-1")
    second = make_credential("SEQ-2", prerequisite_ids=[first.pk])
    stacked = make_credential("STK-1")
    save_stack(
        cast["designer"],
        org,
        StackInput(title="S", award_title="Certificate", member_ids=[stacked.pk]),
    )
    onward = make_credential("ON-1")
    save_pathway(
        cast["designer"],
        org,
        PathwayInput(title="To MSc", from_credential_id=onward.pk, external_award="MSc"),
    )
    found = analyse_pathways(org)
    assert set(found.codes(found.orphans)) == {"LONE-1", "SEQ-1", "SEQ-2"}
    # SEQ-1 leads on to SEQ-2 (which requires it); the stack and the pathway lead on too.
    assert set(found.codes(found.dead_ends)) == {"LONE-1", "SEQ-2"}
    assert found.cycles == []
    assert lone.pk in found.orphans and second.pk in found.dead_ends


def test_it_detects_a_prerequisite_cycle_that_reached_the_data_another_way(org, make_credential):
    a, b, c = (make_credential(f"CYC-{i}") for i in range(3))
    through = MicroCredential.prerequisites.through
    through.objects.bulk_create(
        through(from_microcredential_id=x.pk, to_microcredential_id=y.pk)
        for x, y in [(a, b), (b, c), (c, a)]
    )
    found = analyse_pathways(org)
    assert found.cycles == [sorted([a.pk, b.pk, c.pk])]


def test_it_flags_products_whose_skills_overlap_above_the_threshold(org, make_credential, skills):
    a, b, c = make_credential("A-1"), make_credential("B-1"), make_credential("C-1")
    align(a, skills["PY"], skills["SQL"], skills["VIZ"])
    align(b, skills["PY"], skills["SQL"], skills["VIZ"], skills["STAT"])
    align(c, skills["STAT"])
    found = analyse_pathways(org, threshold=0.6)
    assert [(o.first, o.second, o.score, o.shared) for o in found.overlaps] == [
        (a.pk, b.pk, 0.75, 3)
    ]
    assert analyse_pathways(org, threshold=0.8).overlaps == []


def test_the_map_draws_every_credential_with_a_text_alternative(cast, org, make_credential, eqf):
    a = make_credential("MAP-1", level_id=eqf[5].pk, title="Maps & <Graphs>")
    b = make_credential("MAP-2", prerequisite_ids=[a.pk])
    stack = save_stack(
        cast["designer"], org, StackInput(title="Mapping", award_title="Cert", member_ids=[a.pk])
    )
    save_pathway(
        cast["designer"],
        org,
        PathwayInput(
            title="On",
            from_stack_id=stack.pk,
            external_award="MSc Cartography",
            credit_granted=Decimal(10),
        ),
    )
    drawing = render_constellation(analyse_pathways(org))
    assert drawing.svg.startswith("<svg") and 'role="img"' in drawing.svg
    assert "Maps &amp; &lt;Graphs&gt;" in drawing.svg
    # Two credentials, the stack award and the external award.
    assert drawing.svg.count('class="node"') == 4
    assert 'class="edge prerequisite"' in drawing.svg and 'class="edge pathway"' in drawing.svg
    assert drawing.columns == [("Mapping", [a.pk]), ("Not in a stack", [b.pk])]
    assert drawing.awards == ["MSc Cartography"]


def _has_cycle_brute_force(edges: dict[int, list[int]], nodes: list[int]) -> set[int]:
    """Nodes that can reach themselves, by transitive closure."""
    reach = {n: set(edges.get(n, [])) for n in nodes}
    for k, i in itertools.product(nodes, nodes):
        if k in reach[i]:
            reach[i] |= reach[k]
    for k, i in itertools.product(nodes, nodes):
        if k in reach[i]:
            reach[i] |= reach[k]
    return {n for n in nodes if n in reach[n]}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20))
def test_find_cycles_marks_exactly_the_nodes_that_reach_themselves(pairs):
    edges: dict[int, list[int]] = {}
    for a, b in pairs:
        edges.setdefault(a, []).append(b)
    nodes = list(range(8))
    on_cycles = {n for cycle in find_cycles(edges) for n in cycle}
    assert on_cycles == _has_cycle_brute_force(edges, nodes)


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(st.integers(1, 30), st.sets(st.integers(0, 9), max_size=6), max_size=20),
    st.sampled_from([0.3, 0.5, 0.6, 0.75, 1.0]),
)
def test_the_overlap_join_finds_exactly_the_pairs_brute_force_finds(sets, threshold):
    from credstack.catalog.services.analysis import _overlaps

    lineage = {c: str(c % 7) if c > 20 else str(c) for c in sets}
    expected = set()
    for a, b in itertools.combinations(sorted(sets), 2):
        union = sets[a] | sets[b]
        if union and lineage[a] != lineage[b] and len(sets[a] & sets[b]) / len(union) >= threshold:
            expected.add((a, b))
    assert {(o.first, o.second) for o in _overlaps(sets, lineage, threshold)} == expected
