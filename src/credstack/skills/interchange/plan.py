"""An import plan: rows to become framework items, checked before anything is written.

Every importer (CSV, CASE) produces :class:`PlannedItem` rows. :func:`check_plan` finds every
problem a row has, with a stable code, without touching the database beyond one read of the
framework's existing codes; :func:`write_plan` creates the items parents-first in one
transaction (the caller's). Rows that depend on an invalid row are invalid too, so "import the
valid rows" never leaves an orphan.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .. import rules
from ..models import Framework, FrameworkItem

MAX_TITLE = 300
MAX_DESCRIPTION = 10_000
MAX_URI = 500
_url = URLValidator(schemes=["http", "https"])


@dataclass
class RowError:
    code: str  # stable machine code, e.g. "DUPLICATE_CODE"
    column: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "column": self.column, "message": self.message}


@dataclass
class PlannedItem:
    """One item to create. ``ref`` says where it came from (a CSV line, a CASE identifier)."""

    ref: str
    code: str
    kind: str
    title: str
    parent_code: str = ""
    description: str = ""
    uri: str = ""
    identifier: uuid.UUID | None = None
    case_item_type: str = ""
    position: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Existing:
    kind: str
    depth: int


def existing_items(framework: Framework | None) -> dict[str, _Existing]:
    """Codes already in ``framework`` with their kind and depth (one query)."""
    if framework is None:
        return {}
    rows = list(framework.items.values_list("pk", "parent_id", "code", "kind"))
    parent_of = {pk: parent for pk, parent, _, _ in rows}
    out: dict[str, _Existing] = {}
    for pk, _, code, kind in rows:
        depth = 0
        current: int | None = parent_of[pk]
        while current is not None and depth < rules.MAX_DEPTH + 1:
            current, depth = parent_of.get(current), depth + 1
        out[code] = _Existing(kind=kind, depth=depth)
    return out


def check_plan(rows: list[PlannedItem], framework: Framework | None = None) -> None:
    """Attach every problem to its row (``row.errors``); rows depending on bad rows fail too."""
    existing = existing_items(framework)
    first_line: dict[str, str] = {}
    for row in rows:
        _check_fields(row)
        if row.code in existing:
            row.errors.append(
                RowError("CODE_EXISTS", "code", f"Code {row.code} is already in the framework.")
            )
        elif row.code in first_line:
            row.errors.append(
                RowError(
                    "DUPLICATE_CODE",
                    "code",
                    f"Code {row.code} also appears at {first_line[row.code]}.",
                )
            )
        else:
            first_line[row.code] = row.ref
    by_code = {
        row.code: row for row in rows if row.code in first_line and first_line[row.code] == row.ref
    }
    for row in rows:
        _check_parent(row, by_code, existing)
    _fail_dependants(rows, by_code)


def _check_fields(row: PlannedItem) -> None:
    try:
        rules.validate_code(row.code)
    except ValidationError as e:
        row.errors.append(RowError("INVALID_CODE", "code", e.messages[0]))
    if row.kind not in rules.KINDS:
        row.errors.append(
            RowError(
                "INVALID_KIND",
                "kind",
                f"“{row.kind}” is not a kind: use domain, capability or skill.",
            )
        )
    if not row.title:
        row.errors.append(RowError("MISSING_TITLE", "title", "Every item needs a title."))
    elif len(row.title) > MAX_TITLE:
        row.errors.append(
            RowError("TOO_LONG", "title", f"Titles are at most {MAX_TITLE} characters.")
        )
    if len(row.description) > MAX_DESCRIPTION:
        row.errors.append(
            RowError(
                "TOO_LONG", "description", f"Descriptions are at most {MAX_DESCRIPTION} characters."
            )
        )
    if row.uri:
        try:
            if len(row.uri) > MAX_URI:
                raise ValidationError(f"URIs are at most {MAX_URI} characters.")
            _url(row.uri)
            rules.validate_item_uri(row.uri)
        except ValidationError as e:
            row.errors.append(RowError("INVALID_URI", "uri", f"{row.uri[:80]}: {e.messages[0]}"))


def _check_parent(
    row: PlannedItem, by_code: dict[str, PlannedItem], existing: dict[str, _Existing]
) -> None:
    if row.kind not in rules.KINDS:
        return
    if not row.parent_code:
        problem = rules.kind_problem(row.kind, None)
        if problem:
            row.errors.append(RowError("INVALID_HIERARCHY", "parent_code", problem))
        return
    if row.parent_code == row.code:
        row.errors.append(RowError("CYCLE", "parent_code", f"{row.code} is its own parent."))
        return
    # Walk up the chain inside the file; it ends at a root, at an existing item, or loops.
    seen = {row.code}
    depth, current = 1, row.parent_code
    while current in by_code and current not in existing:
        if current in seen:
            # Only the rows on the loop say CYCLE; rows hanging below it fail as dependants.
            if current == row.code:
                row.errors.append(
                    RowError(
                        "CYCLE", "parent_code", f"The parent chain of {row.code} loops back to it."
                    )
                )
            return
        seen.add(current)
        parent_row = by_code[current]
        if not parent_row.parent_code:
            break
        current, depth = parent_row.parent_code, depth + 1
        if depth > rules.MAX_DEPTH:
            break
    else:
        if current in existing:
            depth += existing[current].depth
        elif current == row.parent_code:
            row.errors.append(
                RowError("UNKNOWN_PARENT", "parent_code", f"No item has the code {current}.")
            )
            return
        else:
            return  # an ancestor's parent is unknown: that row fails, and this one with it
    if depth >= rules.MAX_DEPTH:
        row.errors.append(
            RowError(
                "TOO_DEEP", "parent_code", f"Frameworks are at most {rules.MAX_DEPTH} levels deep."
            )
        )
        return
    parent_kind = (
        by_code[row.parent_code].kind
        if row.parent_code in by_code
        else existing[row.parent_code].kind
    )
    problem = rules.kind_problem(row.kind, parent_kind)
    if problem:
        row.errors.append(RowError("INVALID_HIERARCHY", "parent_code", problem))


def _fail_dependants(rows: list[PlannedItem], by_code: dict[str, PlannedItem]) -> None:
    children: dict[str, list[PlannedItem]] = defaultdict(list)
    for row in rows:
        if row.parent_code:
            children[row.parent_code].append(row)
    queue = [row for row in rows if not row.ok]
    while queue:
        bad = queue.pop()
        if by_code.get(bad.code) is not bad:
            continue  # a duplicate's failure says nothing about the first row with that code
        for child in children.get(bad.code, []):
            if child.ok:
                child.errors.append(
                    RowError(
                        "PARENT_INVALID",
                        "parent_code",
                        f"Its parent {bad.code} ({bad.ref}) has errors.",
                    )
                )
                queue.append(child)


def write_plan(framework: Framework, rows: list[PlannedItem]) -> list[FrameworkItem]:
    """Create the valid rows' items, parents first; call inside the caller's transaction."""
    good = [row for row in rows if row.ok]
    ids = dict(framework.items.values_list("code", "pk"))
    pending = good
    created: list[FrameworkItem] = []
    while pending:
        ready = [row for row in pending if not row.parent_code or row.parent_code in ids]
        if not ready:  # check_plan makes this unreachable; refuse rather than loop
            raise ValueError("import plan has rows whose parents are never created")
        made = FrameworkItem.objects.bulk_create(
            FrameworkItem(
                framework=framework,
                parent_id=ids.get(row.parent_code) if row.parent_code else None,
                kind=row.kind,
                code=row.code,
                title=row.title,
                description=row.description,
                uri=row.uri,
                case_identifier=row.identifier or uuid.uuid4(),
                case_item_type=row.case_item_type,
                position=row.position,
            )
            for row in ready
        )
        for row, item in zip(ready, made, strict=True):
            ids[row.code] = item.pk
        created.extend(made)
        done = {id(row) for row in ready}
        pending = [row for row in pending if id(row) not in done]
    return created
