"""Safe-mode JSON-LD, the offline loader, canonical N-Quads escaping and RDFC-1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from credstack.vc._contexts import BUNDLED_CONTEXTS, context_document, document_loader, known_terms
from credstack.vc._fastrdf import FastCanonicalizer
from credstack.vc._nquads import escape_iri, escape_literal, literal
from credstack.vc._rdfc import canonicalize
from credstack.vc.errors import CanonicalizationError, ContextNotAllowed, DataLoss
from credstack.vc.jsonld import expand_safe, to_quads, to_rdfc

OB3 = json.loads(
    (
        Path(__file__).resolve().parent.parent
        / "vectors"
        / "1edtech-ob3-spec"
        / "ob3-unsigned.json"
    ).read_text()
)


def ob3(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(OB3)), **changes}


@pytest.mark.parametrize("url", sorted(BUNDLED_CONTEXTS))
def test_it_serves_every_bundled_context_offline(url: str) -> None:
    assert document_loader(url)["document"] == context_document(url)
    assert "@context" in context_document(url)


@pytest.mark.parametrize(
    "url", ["https://w3id.org/citizenship/v4rc1", "http://www.w3.org/ns/credentials/v2", 42]
)
def test_it_refuses_unknown_contexts_without_fetching(url: Any) -> None:
    with pytest.raises(ContextNotAllowed):
        document_loader(url)


def test_known_terms_include_the_ob_terms() -> None:
    assert {"achievement", "tag", "id"} <= known_terms()


def test_it_refuses_an_unknown_context_inside_a_document() -> None:
    with pytest.raises(ContextNotAllowed):
        expand_safe(ob3(**{"@context": [*OB3["@context"], "https://evil.example/ctx.json"]}))


def test_it_refuses_an_undefined_property() -> None:
    with pytest.raises(DataLoss, match="undefinedThing"):
        expand_safe(ob3(undefinedThing="x"))


def test_it_refuses_a_relative_type_value() -> None:
    doc = ob3()
    doc["credentialSchema"] = [
        {"id": "https://example.edu/schema.json", "type": "1EdTechJsonSchemaValidator2019"}
    ]
    with pytest.raises(DataLoss, match="relative IRI"):
        expand_safe(doc)
    doc["@context"] = [*doc["@context"], "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"]
    assert expand_safe(doc)


def test_it_refuses_a_relative_id() -> None:
    with pytest.raises(DataLoss, match="relative IRI"):
        expand_safe(ob3(id="credentials/1"))


def test_it_refuses_a_relative_datatype_and_a_blank_node_property() -> None:
    with pytest.raises(DataLoss):
        expand_safe(ob3(name={"@value": "x", "@type": "relative"}))
    with pytest.raises(DataLoss, match="blank node property"):
        expand_safe({"@context": {"p": "_:p"}, "@id": "urn:x", "p": "v"})


def test_it_refuses_non_objects_and_malformed_json_ld() -> None:
    with pytest.raises(DataLoss):
        expand_safe(["not", "an", "object"])
    with pytest.raises(DataLoss):
        expand_safe(ob3(name={"@value": "x", "@language": 5}))


def test_it_checks_nested_graphs_lists_and_reverse_properties() -> None:
    doc = {
        "@context": {
            "@vocab": "urn:v:",
            "rev": {"@reverse": "urn:v:r"},
            "l": {"@container": "@list"},
        },
        "@id": "urn:a",
        "@graph": [{"@id": "urn:b", "l": [{"@id": "urn:c"}]}],
        "rev": {"@id": "urn:d"},
    }
    assert expand_safe(doc)
    doc["rev"] = {"@id": "relative"}
    with pytest.raises(DataLoss):
        expand_safe(doc)


def test_it_keeps_a_base_direction_as_an_i18n_datatype_like_jsonld_js() -> None:
    doc = ob3(name={"@value": "شارة", "@language": "AR", "@direction": "rtl"})
    assert '"شارة"^^<https://www.w3.org/ns/i18n#ar_rtl>' in to_rdfc(doc)
    assert FastCanonicalizer().canonicalize(doc) == to_rdfc(doc)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain é 学", "plain é 学"),
        ("\x00\x01\x1f\x7f", "\\u0000\\u0001\\u001F\\u007F"),
        ("\b\t\n\f\r", "\\b\\t\\n\\f\\r"),
        ('"\\', '\\"\\\\'),
    ],
)
def test_it_escapes_literals_as_canonical_n_quads_requires(raw: str, escaped: str) -> None:
    assert escape_literal(raw) == escaped


def test_it_escapes_iris_and_omits_the_implicit_datatypes() -> None:
    assert escape_iri("urn:a b<c>") == "urn:a\\u0020b\\u003Cc\\u003E"
    assert escape_iri("https://x/y") == "https://x/y"
    assert literal("v") == '"v"'
    assert literal("v", language="en") == '"v"@en'
    assert (
        literal("1", "http://www.w3.org/2001/XMLSchema#integer")
        == '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )


def test_a_control_character_is_escaped_in_the_canonical_form() -> None:
    assert '"Teamwork\\u0001\\tBadge"' in to_rdfc(ob3(name="Teamwork\x01\tBadge"))


def test_numbers_follow_the_json_ld_to_rdf_rules() -> None:
    doc = ob3()
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 3.5
    assert '"3.5E0"^^<https://www.w3.org/2001/XMLSchema#float>' in to_rdfc(doc)


def test_rdfc_distinguishes_symmetric_blank_nodes_with_the_n_degree_hash() -> None:
    p = "<urn:p>"
    quads = [
        ("_:x", p, "_:y", ""),
        ("_:y", p, "_:x", ""),
        ("_:z", p, "_:w", ""),
        ("_:w", p, "_:z", ""),
    ]
    assert canonicalize(quads) == (
        "_:c14n0 <urn:p> _:c14n1 .\n_:c14n1 <urn:p> _:c14n0 .\n_:c14n2 <urn:p> _:c14n3 .\n_:c14n3 <urn:p> _:c14n2 .\n"
    )


def test_rdfc_canonicalizes_blank_graph_names_and_removes_duplicates() -> None:
    quads = [
        ("<urn:s>", "<urn:p>", '"o"', "_:g"),
        ("<urn:s>", "<urn:p>", '"o"', "_:g"),
        ("_:g", "<urn:q>", "<urn:o>", ""),
    ]
    assert canonicalize(quads) == '<urn:s> <urn:p> "o" _:c14n0 .\n_:c14n0 <urn:q> <urn:o> .\n'


def test_rdfc_gives_up_on_a_poison_dataset() -> None:
    quads = [(f"_:a{i}", "<urn:p>", f"_:a{j}", "") for i in range(12) for j in range(12) if i != j]
    with pytest.raises(CanonicalizationError):
        canonicalize(quads)


def test_to_quads_puts_proofs_in_blank_named_graphs() -> None:
    doc = ob3(
        proof=[
            {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "proofPurpose": "assertionMethod",
                "verificationMethod": "https://example.edu/k#1",
                "created": "2025-01-01T00:00:00Z",
            }
        ]
    )
    assert any(q[3].startswith("_:") for q in to_quads(doc))
    assert FastCanonicalizer().canonicalize(doc) == to_rdfc(doc)


def test_the_fast_path_falls_back_for_shapes_it_cannot_compile() -> None:
    fast = FastCanonicalizer()
    embedded = ob3(**{"@context": [*OB3["@context"], {"extra": "urn:x:extra"}]}, extra="v")
    keyword = ob3(name={"@value": "x", "@language": "en"})
    for doc in (embedded, keyword):
        assert fast.canonicalize(doc) == to_rdfc(doc)
    assert fast.fallbacks == 2 and fast.hits == 0
    with pytest.raises(DataLoss):
        fast.canonicalize(["list"])


def test_the_fast_path_reports_the_same_errors_as_the_safe_path() -> None:
    fast = FastCanonicalizer()
    with pytest.raises(DataLoss):
        fast.canonicalize(ob3(undefinedThing="x"))
    with pytest.raises(DataLoss):
        fast.canonicalize(ob3(id="relative/1"))
    assert fast.canonicalize(ob3(id="urn:uuid:1")) == to_rdfc(ob3(id="urn:uuid:1"))


def test_the_fast_path_bounds_its_cache() -> None:
    fast = FastCanonicalizer(max_shapes=2)
    docs = [ob3(**{"name": "x"}), ob3(description="d"), ob3(awardedDate="2025-01-01T00:00:00Z")]
    for doc in docs:
        assert fast.canonicalize(doc) == to_rdfc(doc)
    assert len(fast._shapes) <= 2


def test_jcs_refuses_values_rfc_8785_cannot_represent() -> None:
    from credstack.vc._jcs import jcs

    assert jcs({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
    for bad in (float("nan"), 2**60, {1: 2}):
        with pytest.raises(CanonicalizationError):
            jcs(bad)
