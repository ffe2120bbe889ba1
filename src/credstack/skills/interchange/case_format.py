"""1EdTech CASE 1.0 (Competencies and Academic Standards Exchange) CFPackage JSON, both ways.

A CFPackage carries one ``CFDocument`` (the framework), its ``CFItems`` and the
``CFAssociations`` between them (CASE 1.0 Information Model §4). The tree is expressed by
``isChildOf`` associations whose ``originNodeURI`` is the child and ``destinationNodeURI`` the
parent item, or the CFDocument itself for top-level items. An item's external concept (an ESCO
skill) travels as an ``exactMatchOf`` association, because a CFItem's own ``uri`` must be the
URI of the CASE item. Item kinds travel as ``CFItemType`` (defined under
``CFDefinitions.CFItemTypes``).

Reading a foreign package: a CFItemType of Domain / Capability / Skill / Competency names the
kind; any other type (Standard, Strand, Grade Level...) is kept in ``case_item_type`` and the
kind is read from the item's place in the tree (a root with children is a domain, an inner
node a capability, a leaf a skill). Title and description map to ``abbreviatedStatement`` and
``fullStatement``; when a package has only a ``fullStatement`` it becomes the title.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .. import rules
from .plan import MAX_TITLE, PlannedItem

MAX_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 5_000
_KIND_TYPES = {
    "domain": rules.DOMAIN,
    "capability": rules.CAPABILITY,
    "skill": rules.SKILL,
    "competency": rules.SKILL,
}
_CODE_JUNK = re.compile(r"[^A-Za-z0-9._-]+")


class CaseError(Exception):
    """The package cannot be read; ``errors`` lists every problem found (capped)."""

    def __init__(self, code: str, message: str, errors: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or []


@dataclass
class CasePackage:
    identifier: uuid.UUID
    title: str
    version: str
    description: str
    publisher: str
    uri: str
    rows: list[PlannedItem] = field(default_factory=list)


# --- import -------------------------------------------------------------------------------


def parse_case(data: bytes) -> CasePackage:
    """Read a CFPackage into a :class:`CasePackage`; raise :class:`CaseError` when unreadable."""
    if len(data) > MAX_BYTES:
        raise CaseError(
            "CASE_TOO_LARGE", f"The package is {len(data):,} bytes; the limit is {MAX_BYTES:,}."
        )
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise CaseError("CASE_ENCODING", f"The package is not UTF-8 text (byte {e.start}).") from e
    except RecursionError as e:
        raise CaseError(
            "CASE_INVALID_JSON", "The JSON nests too deeply to be a CASE package."
        ) from e
    except ValueError as e:
        raise CaseError("CASE_INVALID_JSON", f"The package is not valid JSON: {e}.") from e
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise CaseError(
            "CASE_NOT_A_PACKAGE", "Expected a JSON object with a CFDocument (a CASE 1.0 CFPackage)."
        )
    items = package.get("CFItems", [])
    associations = package.get("CFAssociations", [])
    if not isinstance(items, list) or not isinstance(associations, list):
        raise CaseError("CASE_NOT_A_PACKAGE", "CFItems and CFAssociations must be arrays.")
    if len(items) > MAX_ITEMS:
        raise CaseError(
            "CASE_TOO_MANY_ITEMS",
            f"The package has {len(items):,} items; the limit is {MAX_ITEMS:,}.",
        )
    doc = package["CFDocument"]
    doc_id = _uuid(doc.get("identifier"), "CFDocument.identifier")
    title = _text(doc.get("title"), "CFDocument.title", required=True)[:200]
    errors: list[dict[str, str]] = []
    rows = _rows(items, errors)
    by_id = {row.identifier: row for row in rows}
    _link(associations, doc_id, by_id, errors)
    if errors:
        raise CaseError(
            "CASE_INVALID",
            f"The package has {len(errors)} problem(s); nothing was imported.",
            errors[:100],
        )
    _infer_kinds(rows)
    _assign_codes(rows)
    version = _text(doc.get("version"), "CFDocument.version") or "1.0"
    return CasePackage(
        identifier=doc_id,
        title=title,
        version=_CODE_JUNK.sub("-", version).strip("-._")[:30] or "1.0",
        description=_text(doc.get("description"), "CFDocument.description"),
        publisher=(
            _text(doc.get("publisher"), "publisher") or _text(doc.get("creator"), "creator")
        )[:200],
        uri=_text(doc.get("uri"), "CFDocument.uri")[:500],
        rows=rows,
    )


def _rows(items: list[Any], errors: list[dict[str, str]]) -> list[PlannedItem]:
    rows: list[PlannedItem] = []
    seen: set[uuid.UUID] = set()
    for index, raw in enumerate(items):
        where = f"CFItems[{index}]"
        try:
            if not isinstance(raw, dict):
                raise CaseError("CASE_INVALID_ITEM", f"{where} is not an object.")
            identifier = _uuid(raw.get("identifier"), f"{where}.identifier")
            full = _text(raw.get("fullStatement"), f"{where}.fullStatement", required=True)
            short = _text(raw.get("abbreviatedStatement"), f"{where}.abbreviatedStatement")
            code = _text(raw.get("humanCodingScheme"), f"{where}.humanCodingScheme")
            item_type = _text(raw.get("CFItemType"), f"{where}.CFItemType")[:100]
            uri = _text(raw.get("uri"), f"{where}.uri")
        except CaseError as e:
            errors.append({"code": e.code, "ref": where, "message": e.message})
            continue
        if identifier in seen:
            errors.append(
                {
                    "code": "CASE_DUPLICATE_IDENTIFIER",
                    "ref": where,
                    "message": f"{identifier} appears twice.",
                }
            )
            continue
        seen.add(identifier)
        title = short or full
        rows.append(
            PlannedItem(
                ref=f"CFItem {identifier}",
                code=code,
                kind=_KIND_TYPES.get(item_type.lower(), ""),
                title=title[:MAX_TITLE],
                description=full if full != title else "",
                uri=uri if uri.startswith(("http://", "https://")) else "",
                identifier=identifier,
                case_item_type=item_type if item_type.lower() not in _KIND_TYPES else "",
            )
        )
    return rows


def _link(
    associations: list[Any],
    doc_id: uuid.UUID,
    by_id: dict[uuid.UUID | None, PlannedItem],
    errors: list[dict[str, str]],
) -> None:
    """Apply isChildOf (parent, order) and exactMatchOf (external URI) associations."""
    parents: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for index, raw in enumerate(associations):
        where = f"CFAssociations[{index}]"
        if not isinstance(raw, dict):
            errors.append(
                {"code": "CASE_INVALID_ASSOCIATION", "ref": where, "message": "not an object"}
            )
            continue
        kind = raw.get("associationType")
        if kind not in ("isChildOf", "exactMatchOf"):
            continue  # other association types (isPeerOf, precedes...) carry no tree information
        origin, destination = raw.get("originNodeURI"), raw.get("destinationNodeURI")
        if not isinstance(origin, dict) or not isinstance(destination, dict):
            errors.append(
                {
                    "code": "CASE_INVALID_ASSOCIATION",
                    "ref": where,
                    "message": "originNodeURI and destinationNodeURI must be objects.",
                }
            )
            continue
        try:
            child_id = _uuid(origin.get("identifier"), f"{where}.originNodeURI.identifier")
        except CaseError as e:
            errors.append({"code": e.code, "ref": where, "message": e.message})
            continue
        child = by_id.get(child_id)
        if child is None:
            errors.append(
                {
                    "code": "CASE_UNKNOWN_NODE",
                    "ref": where,
                    "message": f"origin {child_id} is not a CFItem of this package.",
                }
            )
            continue
        if kind == "exactMatchOf":
            target = destination.get("uri")
            if isinstance(target, str) and target.startswith(("http://", "https://")):
                child.uri = target[:600]
            continue
        parent_id = _maybe_uuid(destination.get("identifier"))
        if parent_id == doc_id:
            parent_code_ref = None
        elif parent_id in by_id:
            parent_code_ref = parent_id
        else:
            errors.append(
                {
                    "code": "CASE_UNKNOWN_NODE",
                    "ref": where,
                    "message": f"destination {destination.get('identifier')!s:.60} is neither the CFDocument nor a CFItem.",
                }
            )
            continue
        if parent_code_ref is not None:
            parents[child_id].append(parent_code_ref)
        sequence = raw.get("sequenceNumber")
        if isinstance(sequence, int) and 0 <= sequence < 2**31:
            child.position = sequence
    for child_id, found in parents.items():
        if len(set(found)) > 1:
            errors.append(
                {
                    "code": "CASE_MULTIPLE_PARENTS",
                    "ref": f"CFItem {child_id}",
                    "message": "The item is a child of several items; credstack frameworks are trees.",
                }
            )
            continue
        child = by_id[child_id]
        child.parent_code = str(found[0])  # replaced by the parent's code in _assign_codes


def _infer_kinds(rows: list[PlannedItem]) -> None:
    has_children = {row.parent_code for row in rows if row.parent_code}
    for row in rows:
        if row.kind:
            continue
        key = str(row.identifier)
        if not row.parent_code:
            row.kind = rules.DOMAIN if key in has_children else rules.SKILL
        else:
            row.kind = rules.CAPABILITY if key in has_children else rules.SKILL


def _assign_codes(rows: list[PlannedItem]) -> None:
    """Use humanCodingScheme as the code where it is usable and unique, else a derived one."""
    taken: set[str] = set()
    for row in rows:
        code = _CODE_JUNK.sub("-", row.code).strip("-._")[:60]
        if not code or code in taken or not rules.CODE_PATTERN.match(code):
            code = str(row.identifier)
        taken.add(code)
        row.code = code
    code_of = {str(row.identifier): row.code for row in rows}
    for row in rows:
        if row.parent_code:
            row.parent_code = code_of[row.parent_code]


def _uuid(value: Any, where: str) -> uuid.UUID:
    parsed = _maybe_uuid(value)
    if parsed is None:
        raise CaseError(
            "CASE_INVALID_IDENTIFIER", f"{where} must be a UUID, not {str(value)[:60]!r}."
        )
    return parsed


def _maybe_uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _text(value: Any, where: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise CaseError("CASE_MISSING_FIELD", f"{where} is required.")
        return ""
    if not isinstance(value, str):
        raise CaseError("CASE_INVALID_FIELD", f"{where} must be a string.")
    return value.strip()
