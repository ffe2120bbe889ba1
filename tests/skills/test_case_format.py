"""CASE 1.0 CFPackage export and import: round trip, foreign packages, hostile packages."""

from __future__ import annotations

import json
import uuid

import pytest

from credstack.problems import Conflict, InvalidInput
from credstack.skills import services
from credstack.skills.interchange.plan import PlannedItem
from credstack.skills.models import Framework, FrameworkItem

from .factories import ESCO_URI

DOC = "9a3b1f7e-2c1d-4e5f-8a9b-0c1d2e3f4a5b"


def package_for(rows: list[PlannedItem], *, doc: str = DOC) -> bytes:
    """A minimal foreign CFPackage: items by code, isChildOf by parent code."""
    ids = {row.code: str(uuid.uuid5(uuid.NAMESPACE_URL, doc + row.code)) for row in rows}
    link = lambda i: {"title": "t", "identifier": i, "uri": f"https://case.example/uri/{i}"}  # noqa: E731
    items = [
        {
            "identifier": ids[r.code],
            "uri": f"https://case.example/uri/{ids[r.code]}",
            "fullStatement": r.title,
            "humanCodingScheme": r.code,
            "CFItemType": r.kind.capitalize(),
            "lastChangeDateTime": "2025-01-01T00:00:00+00:00",
        }
        for r in rows
    ]
    assocs = [
        {
            "identifier": str(uuid.uuid4()),
            "uri": "urn:x",
            "associationType": "isChildOf",
            "originNodeURI": link(ids[r.code]),
            "destinationNodeURI": link(ids[r.parent_code] if r.parent_code else doc),
            "lastChangeDateTime": "2025-01-01T00:00:00+00:00",
        }
        for r in rows
    ]
    package = {
        "CFDocument": {
            "identifier": doc,
            "uri": "https://case.example/doc",
            "title": "Imported Standards",
            "creator": "Example Body",
            "lastChangeDateTime": "2025-01-01T00:00:00+00:00",
        },
        "CFItems": items,
        "CFAssociations": assocs,
    }
    return json.dumps(package).encode()


def shape(framework: Framework) -> list[tuple]:
    return sorted(
        (i.code, i.kind, i.title, i.description, i.parent.code if i.parent else "", i.position)
        for i in FrameworkItem.objects.filter(framework=framework).select_related("parent")
    )


def test_export_then_import_gives_the_same_tree(framework, designer, org):
    package = services.export_case_package(framework)
    assert package["CFDocument"]["identifier"] == str(framework.case_identifier)
    assert {a["associationType"] for a in package["CFAssociations"]} == {
        "isChildOf",
        "exactMatchOf",
    }
    copy = services.import_case(
        org, json.dumps(package).encode(), designer, keep_identifiers=False, slug="copy"
    )
    assert shape(copy) == shape(framework)
    assert copy.items.get(code="SE.1.1").uri == ESCO_URI
    assert copy.source == "case" and copy.is_external


def test_reimporting_with_identifiers_keeps_them_and_refuses_duplicates(framework, designer, org):
    data = json.dumps(services.export_case_package(framework)).encode()
    with pytest.raises(Conflict) as e:
        services.import_case(org, data, designer)
    assert e.value.code == "CASE_DOCUMENT_EXISTS"
    original = {i.code: i.case_identifier for i in framework.items.all()}
    framework.items.all().delete()
    framework.levels.all().delete()
    framework.delete()
    back = services.import_case(org, data, designer)
    assert {i.code: i.case_identifier for i in back.items.all()} == original


def test_top_level_items_point_at_the_document(framework):
    package = services.export_case_package(framework)
    doc_id = package["CFDocument"]["identifier"]
    roots = [
        a for a in package["CFAssociations"] if a["destinationNodeURI"]["identifier"] == doc_id
    ]
    assert len(roots) == 2
    assert all(
        set(i) >= {"identifier", "uri", "fullStatement", "lastChangeDateTime", "CFItemType"}
        for i in package["CFItems"]
    )


def test_a_foreign_package_gets_kinds_from_its_shape(org, designer):
    data = json.loads(
        package_for(
            [
                PlannedItem(ref="", code="S1", kind="", title="Strand one"),
                PlannedItem(ref="", code="S1.A", kind="", title="Cluster", parent_code="S1"),
                PlannedItem(ref="", code="S1.A.1", kind="", title="Standard", parent_code="S1.A"),
            ]
        )
    )
    for entry in data["CFItems"]:
        entry["CFItemType"] = "Standard"
    framework = services.import_case(org, json.dumps(data).encode(), designer)
    kinds = dict(framework.items.values_list("code", "kind"))
    assert kinds == {"S1": "domain", "S1.A": "capability", "S1.A.1": "skill"}
    assert set(framework.items.values_list("case_item_type", flat=True)) == {"Standard"}


HOSTILE = {
    "not json": (b"{not json", "CASE_INVALID_JSON"),
    "binary": (bytes(range(256)) * 4, "CASE_ENCODING"),
    "array": (b"[1, 2, 3]", "CASE_NOT_A_PACKAGE"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "CASE_INVALID_JSON"),
    "huge": (b" " * (5 * 1024 * 1024 + 1), "CASE_TOO_LARGE"),
    "bad document id": (
        json.dumps({"CFDocument": {"identifier": "x", "title": "t"}}).encode(),
        "CASE_INVALID_IDENTIFIER",
    ),
    "items not a list": (
        json.dumps({"CFDocument": {"identifier": DOC, "title": "t"}, "CFItems": {}}).encode(),
        "CASE_NOT_A_PACKAGE",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_it_refuses_a_hostile_package_and_writes_nothing(name, org, designer):
    data, code = HOSTILE[name]
    with pytest.raises(InvalidInput) as e:
        services.import_case(org, data, designer)
    assert e.value.code == code
    assert not Framework.objects.exists()


def test_it_refuses_a_cycle_of_parents(org, designer):
    data = package_for(
        [
            PlannedItem(ref="", code="A", kind="capability", title="A", parent_code="B"),
            PlannedItem(ref="", code="B", kind="capability", title="B", parent_code="A"),
        ]
    )
    with pytest.raises(InvalidInput) as e:
        services.import_case(org, data, designer)
    assert e.value.code == "CASE_INVALID"
    assert {err["code"] for err in e.value.errors} == {"CYCLE"}
    assert not Framework.objects.exists()


def test_it_refuses_an_item_with_two_parents(org, designer):
    data = json.loads(
        package_for(
            [
                PlannedItem(ref="", code="D1", kind="domain", title="D1"),
                PlannedItem(ref="", code="D2", kind="domain", title="D2"),
                PlannedItem(ref="", code="C", kind="capability", title="C", parent_code="D1"),
            ]
        )
    )
    extra = dict(data["CFAssociations"][2])
    extra["destinationNodeURI"] = data["CFAssociations"][1]["originNodeURI"]
    data["CFAssociations"].append(extra)
    with pytest.raises(InvalidInput) as e:
        services.import_case(org, json.dumps(data).encode(), designer)
    assert e.value.errors[0]["code"] == "CASE_MULTIPLE_PARENTS"


def test_it_refuses_an_association_to_an_unknown_node(org, designer):
    data = json.loads(package_for([PlannedItem(ref="", code="D1", kind="domain", title="D1")]))
    data["CFAssociations"][0]["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    with pytest.raises(InvalidInput) as e:
        services.import_case(org, json.dumps(data).encode(), designer)
    assert e.value.errors[0]["code"] == "CASE_UNKNOWN_NODE"


def test_it_refuses_duplicate_item_identifiers(org, designer):
    data = json.loads(package_for([PlannedItem(ref="", code="S", kind="skill", title="S")]))
    data["CFItems"].append(dict(data["CFItems"][0]))
    with pytest.raises(InvalidInput) as e:
        services.import_case(org, json.dumps(data).encode(), designer)
    assert e.value.errors[0]["code"] == "CASE_DUPLICATE_IDENTIFIER"


def test_it_refuses_a_chain_deeper_than_the_limit(org, designer):
    rows = [PlannedItem(ref="", code="D", kind="domain", title="D")]
    for n in range(12):
        rows.append(
            PlannedItem(
                ref="", code=f"C{n}", kind="capability", title="c", parent_code=rows[-1].code
            )
        )
    with pytest.raises(InvalidInput) as e:
        services.import_case(org, package_for(rows), designer)
    assert "TOO_DEEP" in {err["code"] for err in e.value.errors}
    assert not Framework.objects.exists()
