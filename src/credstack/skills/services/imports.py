"""Importing items from CSV into a framework, and whole frameworks from CASE packages.

Both are all-or-nothing by default: every row is checked first and nothing is written when any
row is invalid. A CSV import may instead be asked to write the valid rows only (rows under an
invalid parent are then invalid too). A dry run checks and reports without writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, User
from credstack.problems import Conflict, InvalidInput

from ..interchange.case_format import CaseError, parse_case
from ..interchange.csv_format import FileError, parse_csv
from ..interchange.plan import PlannedItem, check_plan, write_plan
from ..models import Framework
from ._access import require_designer, require_editable
from ._validation import full_clean

ALL_OR_NOTHING = "all"
VALID_ROWS = "valid_rows"


@dataclass
class CsvImportReport:
    """What an import found and did: per-row errors, and how many items were created."""

    rows: list[PlannedItem] = field(default_factory=list)
    file_error: FileError | None = None
    created: int = 0
    committed: bool = False

    @property
    def valid(self) -> int:
        return sum(1 for row in self.rows if row.ok)

    @property
    def invalid(self) -> int:
        return len(self.rows) - self.valid

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "created": self.created,
            "valid": self.valid,
            "invalid": self.invalid,
            "file_error": self.file_error.as_dict() if self.file_error else None,
            "rows": [
                {
                    "ref": row.ref,
                    "code": row.code,
                    "ok": row.ok,
                    "errors": [e.as_dict() for e in row.errors],
                }
                for row in self.rows
            ],
        }


@transaction.atomic
def import_csv(
    framework: Framework,
    data: bytes,
    actor: User,
    *,
    mode: str = ALL_OR_NOTHING,
    dry_run: bool = False,
) -> CsvImportReport:
    """Check ``data`` (CSV bytes) and, unless ``dry_run``, create its items in ``framework``.

    In ``"all"`` mode nothing is written when any row is invalid; in ``"valid_rows"`` mode the
    valid rows are written and the report lists the rest. Returns the report either way.
    """
    if mode not in (ALL_OR_NOTHING, VALID_ROWS):
        raise InvalidInput(
            f"mode must be {ALL_OR_NOTHING!r} or {VALID_ROWS!r}.", code="INVALID_MODE"
        )
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    require_editable(framework, actor)
    parsed = parse_csv(data)
    report = CsvImportReport(rows=parsed.rows, file_error=parsed.error)
    if parsed.error is not None:
        return report
    check_plan(report.rows, framework)
    if dry_run or report.valid == 0 or (mode == ALL_OR_NOTHING and report.invalid):
        return report
    created = write_plan(framework, report.rows)
    report.created, report.committed = len(created), True
    record(
        actor,
        "skills.framework.items_imported",
        framework,
        after={
            "format": "csv",
            "mode": mode,
            "created": [i.code for i in created][:500],
            "count": len(created),
        },
        note=f"{len(created)} item(s) imported from CSV; {report.invalid} row(s) skipped.",
    )
    return report


@transaction.atomic
def import_case(
    organisation: Organisation,
    data: bytes,
    actor: User,
    *,
    keep_identifiers: bool = True,
    slug: str = "",
) -> Framework:
    """Create a framework from a CASE 1.0 CFPackage (JSON bytes); all or nothing.

    With ``keep_identifiers`` the CFDocument and CFItem identifiers are kept (re-importing the
    same document is then refused as a duplicate); without it, fresh ones are minted, which
    is how a copy of a package is imported next to the original.
    """
    require_designer(actor, organisation)
    try:
        package = parse_case(data)
    except CaseError as e:
        raise InvalidInput(e.message, code=e.code, errors=e.errors) from e
    check_plan(package.rows)
    bad = [row for row in package.rows if not row.ok]
    if bad:
        errors = [
            {"ref": row.ref, "code": err.code, "message": f"{row.code}: {err.message}"}
            for row in bad[:100]
            for err in row.errors
        ]
        raise InvalidInput(
            f"{len(bad)} item(s) cannot be imported; nothing was imported.",
            code="CASE_INVALID",
            errors=errors,
        )
    if keep_identifiers and Framework.objects.filter(case_identifier=package.identifier).exists():
        raise Conflict(
            f"CASE document {package.identifier} is already imported.", code="CASE_DOCUMENT_EXISTS"
        )
    framework = Framework(
        organisation=organisation,
        title=package.title or "Imported framework",
        slug=(slugify(slug or package.title) or "framework")[:80],
        version=package.version,
        description=package.description,
        publisher=package.publisher,
        uri=package.uri if package.uri.startswith(("http://", "https://")) else "",
        is_external=True,
        source=Framework.Source.CASE,
    )
    if keep_identifiers:
        framework.case_identifier = package.identifier
    else:
        for row in package.rows:
            row.identifier = None
    if Framework.objects.filter(slug=framework.slug, version=framework.version).exists():
        raise Conflict(
            f"A framework “{framework.slug}” version {framework.version} already exists; "
            "import it under another slug.",
            code="FRAMEWORK_VERSION_EXISTS",
        )
    full_clean(framework, code="CASE_INVALID")
    framework.save()
    created = write_plan(framework, package.rows)
    record(
        actor,
        "skills.framework.imported",
        framework,
        after={**snapshot(framework), "format": "case", "items": len(created)},
    )
    return framework
