"""Writing a framework as a 1EdTech CASE 1.0 CFPackage (see :mod:`.case_format` for the mapping).

Identifiers of associations and item types are UUID v5 names derived from the document and
the nodes they join, so exporting the same framework twice gives the same package.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import rules
from ..models import Framework
from ..tree import flatten, framework_tree

_NAMESPACE = uuid.UUID("6f1c8e4a-6a43-4c1b-9a0e-2f4d3f1c9b7e")


def export_case(framework: Framework, *, item_uri: Any, document_uri: str) -> dict[str, Any]:
    """Return ``framework`` as a CASE 1.0 CFPackage (a JSON-ready dict).

    ``item_uri(item)`` gives each CFItem's uri; ``document_uri`` the CFDocument's.
    """
    changed = framework.created_at.isoformat(timespec="seconds")
    doc_id = str(framework.case_identifier)
    doc_link = {"title": framework.title, "identifier": doc_id, "uri": document_uri}
    nodes = flatten(framework_tree(framework))
    types = sorted({n.item.case_item_type or n.item.kind.capitalize() for n in nodes})
    type_ids = {t: str(uuid.uuid5(_NAMESPACE, f"{doc_id}/type/{t}")) for t in types}
    items: list[dict[str, Any]] = []
    links: dict[int, dict[str, str]] = {}
    for node in nodes:
        item = node.item
        type_name = item.case_item_type or item.kind.capitalize()
        uri = item_uri(item)
        links[item.pk] = {"title": item.title, "identifier": str(item.case_identifier), "uri": uri}
        entry: dict[str, Any] = {
            "identifier": str(item.case_identifier),
            "uri": uri,
            "fullStatement": item.description or item.title,
            "abbreviatedStatement": item.title,
            "humanCodingScheme": item.code,
            "CFItemType": type_name,
            "CFItemTypeURI": {
                "title": type_name,
                "identifier": type_ids[type_name],
                "uri": f"urn:uuid:{type_ids[type_name]}",
            },
            "lastChangeDateTime": changed,
            "CFDocumentURI": doc_link,
        }
        items.append(entry)
    associations: list[dict[str, Any]] = []
    for node in nodes:
        item = node.item
        parent = links[item.parent_id] if item.parent_id else doc_link
        associations.append(
            _association("isChildOf", links[item.pk], parent, node.item.position, doc_link, changed)
        )
        if item.uri and rules.is_esco_uri(item.uri):
            target = {
                "title": item.title,
                "identifier": str(uuid.uuid5(_NAMESPACE, item.uri)),
                "uri": item.uri,
            }
            associations.append(
                _association("exactMatchOf", links[item.pk], target, None, doc_link, changed)
            )
    return {
        "CFDocument": {
            "identifier": doc_id,
            "uri": document_uri,
            "creator": framework.publisher
            or (framework.organisation.name if framework.organisation else framework.title),
            "title": framework.title,
            "lastChangeDateTime": changed,
            "version": framework.version,
            "description": framework.description,
            "publisher": framework.publisher,
            "language": "en",
            "adoptionStatus": "Deprecated" if framework.is_superseded else "Adopted",
            "CFPackageURI": doc_link,
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [
                {
                    "identifier": type_ids[t],
                    "uri": f"urn:uuid:{type_ids[t]}",
                    "title": t,
                    "description": t,
                    "hierarchyCode": t,
                    "lastChangeDateTime": changed,
                }
                for t in types
            ]
        },
    }


def _association(
    kind: str,
    origin: dict[str, str],
    destination: dict[str, str],
    sequence: int | None,
    doc_link: dict[str, str],
    changed: str,
) -> dict[str, Any]:
    identifier = str(
        uuid.uuid5(_NAMESPACE, f"{kind}:{origin['identifier']}:{destination['identifier']}")
    )
    out: dict[str, Any] = {
        "identifier": identifier,
        "uri": f"urn:uuid:{identifier}",
        "associationType": kind,
        "originNodeURI": origin,
        "destinationNodeURI": destination,
        "CFDocumentURI": doc_link,
        "lastChangeDateTime": changed,
    }
    if sequence is not None:
        out["sequenceNumber"] = sequence
    return out
