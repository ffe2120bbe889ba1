"""Offline, safe-mode JSON-LD processing and RDFC-1.0 canonical N-Quads.

VC Data Integrity 1.0 §4.1 ("Securing Data Losslessly") requires JSON-LD processing that
raises an error instead of silently dropping data, and §4.3 requires the base IRI to be null
when deserializing to RDF. :func:`expand_safe` is JSON-LD 1.1 expansion (pyld) with the
bundled-only document loader, ``base: None`` and these checks, modelled on jsonld.js "safe
mode" (the stack that produced the W3C and 1EdTech vectors):

* a term no context defines (pyld drops it) -> :class:`DataLoss`;
* a relative IRI left in ``@id``, a node ``@type``, a datatype or a graph name -> ``DataLoss``
  (with a null base these would be dropped from the RDF);
* a blank-node property (dropped from standard RDF) -> ``DataLoss``.

Values with a base direction (``@direction``) are converted with ``rdfDirection:
'i18n-datatype'`` (JSON-LD 1.1 API §8.6.5): the literal gets the datatype
``https://www.w3.org/ns/i18n#{language}_{direction}``. This is what the JavaScript Data
Integrity stack passes (digitalbazaar / DCC ``canonize``: ``safe: true, rdfDirection:
'i18n-datatype'``); pyld's default (``rdfDirection`` unset) silently drops the direction, and
jsonld.js in safe mode refuses that, so credstack never takes that branch.
"""

from __future__ import annotations

import copy
from typing import Any

from pyld import jsonld as _pyld
from pyld.jsonld import JsonLdError, JsonLdProcessor

from . import _nquads
from ._contexts import document_loader
from ._rdfc import canonicalize
from .errors import CanonicalizationError, ContextNotAllowed, DataLoss

__all__ = ["expand_safe", "to_quads", "to_rdfc"]

_RDF_DIRECTION = "i18n-datatype"


def _options() -> dict[str, Any]:
    return {
        "documentLoader": document_loader,
        "base": None,
        "processingMode": "json-ld-1.1",
        "rdfDirection": _RDF_DIRECTION,
        "produceGeneralizedRdf": False,
    }


def _is_absolute_iri(value: str) -> bool:
    return _pyld._is_absolute_iri(value) and not value.startswith("_:")  # type: ignore[no-any-return]


def _check_iri(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise DataLoss(f"{where} {value!r} is not a string")
    if not (value.startswith("_:") or _is_absolute_iri(value)):
        raise DataLoss(f"relative IRI {value!r} in {where} would be dropped (base IRI is null)")


def _check_value(value: dict[str, Any]) -> None:
    datatype = value.get("@type")
    if datatype is not None and datatype != "@json" and not _is_absolute_iri(datatype):
        raise DataLoss(f"relative datatype IRI {datatype!r} would be dropped")


def _check_node(node: dict[str, Any]) -> None:
    if "@id" in node:
        _check_iri(node["@id"], "@id")
    for type_iri in node.get("@type", ()):
        _check_iri(type_iri, "@type")
    for key, values in node.items():
        if key in ("@id", "@type", "@index"):
            continue
        if key.startswith("_:"):
            raise DataLoss(f"blank node property {key!r} is dropped from RDF")
        if key in ("@graph", "@included"):
            _check_all(values)
        elif key == "@reverse":
            for reverse_values in values.values():
                _check_all(reverse_values)
        else:
            _check_all(values)


def _check_all(items: list[Any]) -> None:
    for item in items:
        if not isinstance(item, dict):
            continue
        if "@value" in item:
            _check_value(item)
        elif "@list" in item:
            _check_all(item["@list"])
        else:
            _check_node(item)


def _run_pyld(operation: str, document: Any, run: Any) -> Any:
    try:
        return run()
    except ContextNotAllowed:
        raise
    except JsonLdError as e:
        cause = e
        while cause is not None:
            if isinstance(cause, ContextNotAllowed):
                raise ContextNotAllowed(str(cause)) from e
            cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
        raise DataLoss(f"JSON-LD {operation} failed: {e}") from e
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as e:
        raise DataLoss(f"JSON-LD {operation} failed on malformed input: {e!r}") from e


def expand_safe(document: Any) -> list[Any]:
    """Expand ``document`` (JSON-LD 1.1 API §5.1) in safe mode; see the module docstring.

    Raises :class:`DataLoss` for dropped terms, relative IRIs or malformed JSON-LD and
    :class:`ContextNotAllowed` for a context that is not bundled.
    """
    if not isinstance(document, dict):
        raise DataLoss("a JSON-LD document to secure must be a JSON object")
    dropped: list[Any] = []
    processor = JsonLdProcessor(on_property_dropped=dropped.append)
    expanded: list[Any] = _run_pyld(
        "expansion", document, lambda: processor.expand(copy.deepcopy(document), _options())
    )
    if dropped:
        names = ", ".join(sorted({repr(name) for name in dropped}))
        raise DataLoss(f"undefined term(s) {names} would be dropped by JSON-LD expansion")
    _check_all(expanded)
    return expanded


def _term(term: dict[str, Any]) -> str:
    if term["type"] == "blank node":
        return str(term["value"])
    return _nquads.iri(term["value"])


def _object(term: dict[str, Any]) -> str:
    if term["type"] != "literal":
        return _term(term)
    return _nquads.literal(term["value"], term.get("datatype"), term.get("language"))


def to_quads(document: Any) -> list[_nquads.Quad]:
    """The RDF dataset of ``document`` (JSON-LD 1.1 API §8.6 Deserialize JSON-LD to RDF).

    Expansion is :func:`expand_safe`; the quads use credstack's canonical term
    serialization (blank node labels are not canonical yet).
    """
    expanded = expand_safe(document)
    processor = JsonLdProcessor()
    options = _options()
    options["identifierIssuer"] = _pyld.IdentifierIssuer("_:b")

    def convert() -> dict[str, Any]:
        node_map: dict[str, Any] = {"@default": {}}
        processor._create_node_map(expanded, node_map, "@default", options["identifierIssuer"])
        dataset = {}
        for graph_name, graph in sorted(node_map.items()):
            dataset[graph_name] = processor._graph_to_rdf(
                graph, options["identifierIssuer"], options
            )
        return dataset

    dataset = _run_pyld("RDF conversion", document, convert)
    quads: list[_nquads.Quad] = []
    for graph_name, triples in dataset.items():
        if graph_name == "@default":
            graph = ""
        elif graph_name.startswith("_:"):
            graph = graph_name
        else:
            graph = _nquads.iri(graph_name)
        for triple in triples:
            quads.append(
                (
                    _term(triple["subject"]),
                    _term(triple["predicate"]),
                    _object(triple["object"]),
                    graph,
                )
            )
    return quads


def to_rdfc(document: Any) -> str:
    """RDFC-1.0 canonical N-Quads of ``document`` (the eddsa-rdfc-2022 transformation).

    This is the straightforward (reference) path; :mod:`credstack.vc._fastrdf` produces the
    same bytes faster for document shapes it has compiled.
    """
    try:
        return canonicalize(to_quads(document))
    except RecursionError as e:  # pragma: no cover - needs a pathologically deep dataset
        raise CanonicalizationError("dataset too deep to canonicalize") from e
