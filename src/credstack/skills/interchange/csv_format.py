"""Frameworks as CSV: columns ``code, parent_code, kind, title, description, uri``.

Reading is defensive because the file comes from a person's spreadsheet or from anywhere: size
and row limits before parsing, UTF-8 only (with or without a byte-order mark), no binary, and
no cell that a spreadsheet would run as a formula (OWASP "CSV injection": a cell starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return). Writing escapes such cells with a leading
apostrophe, and reading un-escapes that apostrophe, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..models import Framework
from ..tree import flatten, framework_tree
from .plan import PlannedItem, RowError

COLUMNS = ("code", "parent_code", "kind", "title", "description", "uri")
REQUIRED = frozenset({"code", "kind", "title"})
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_CELL = 10_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class FileError:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class ParsedCsv:
    rows: list[PlannedItem] = field(default_factory=list)
    error: FileError | None = None


def parse_csv(data: bytes) -> ParsedCsv:
    """Read ``data`` into planned items; a file-level problem comes back as ``error``."""
    if len(data) > MAX_BYTES:
        return ParsedCsv(
            error=FileError(
                "CSV_TOO_LARGE", f"The file is {len(data):,} bytes; the limit is {MAX_BYTES:,}."
            )
        )
    if not data.strip():
        return ParsedCsv(error=FileError("CSV_EMPTY", "The file is empty."))
    if b"\x00" in data:
        return ParsedCsv(
            error=FileError(
                "CSV_BINARY", "The file contains binary data (NUL bytes); upload a CSV text file."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return ParsedCsv(
            error=FileError(
                "CSV_ENCODING",
                f"The file is not UTF-8 (byte 0x{data[e.start]:02x} at position {e.start}); "
                "save it as “CSV UTF-8” and upload it again.",
            )
        )
    try:
        return _read(text)
    except csv.Error as e:
        return ParsedCsv(error=FileError("CSV_MALFORMED", f"The file is not valid CSV: {e}."))


def _read(text: str) -> ParsedCsv:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader, None) or []
    names = [h.strip().lower() for h in header]
    unknown = [n for n in names if n not in COLUMNS]
    missing = sorted(REQUIRED - set(names))
    if unknown or missing or len(set(names)) != len(names):
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if unknown:
            detail.append(f"unknown {', '.join(repr(n[:40]) for n in unknown[:5])}")
        if len(set(names)) != len(names):
            detail.append("a column appears twice")
        return ParsedCsv(
            error=FileError(
                "CSV_HEADER",
                f"The first row must name the columns {', '.join(COLUMNS)} ({'; '.join(detail)}).",
            )
        )
    parsed = ParsedCsv()
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(parsed.rows) >= MAX_ROWS:
            return ParsedCsv(
                error=FileError(
                    "CSV_TOO_MANY_ROWS", f"The file has more than {MAX_ROWS:,} rows; split it."
                )
            )
        parsed.rows.append(_row(line, names, record))
    if not parsed.rows:
        parsed.error = FileError("CSV_EMPTY", "The file has a header but no rows.")
    return parsed


def _row(line: int, names: list[str], record: list[str]) -> PlannedItem:
    errors: list[RowError] = []
    if len(record) != len(names):
        errors.append(
            RowError("WRONG_COLUMN_COUNT", "", f"Expected {len(names)} cells, found {len(record)}.")
        )
    cells: dict[str, str] = {}
    for name, raw in zip(names, record, strict=False):
        value = raw.strip() if name != "description" else raw.strip(" \n")
        if len(value) > MAX_CELL:
            errors.append(
                RowError(
                    "TOO_LONG",
                    name,
                    f"The cell has {len(value):,} characters; the limit is {MAX_CELL:,}.",
                )
            )
            value = value[:MAX_CELL]
        value, formula = _unescape(value)
        if formula:
            errors.append(
                RowError(
                    "FORMULA_CELL",
                    name,
                    f"The cell starts with “{value[0]!s}”, which spreadsheets run as a formula; "
                    "prefix it with an apostrophe (') if it is meant as text.",
                )
            )
        cells[name] = value
    item = PlannedItem(
        ref=f"line {line}",
        code=cells.get("code", ""),
        kind=cells.get("kind", "").lower(),
        title=cells.get("title", ""),
        parent_code=cells.get("parent_code", ""),
        description=cells.get("description", ""),
        uri=cells.get("uri", ""),
        position=line,
    )
    item.errors.extend(errors)
    return item


def _unescape(value: str) -> tuple[str, bool]:
    """Return the cell's text and whether it is an unescaped formula."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_START:
        return value[1:], False
    return value, bool(value) and value[0] in FORMULA_START


def neutralise(value: str) -> str:
    """Escape a cell a spreadsheet would evaluate (OWASP CSV injection) with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def export_csv(framework: Framework) -> str:
    """The framework's items as CSV, parents before children, formula cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    nodes = flatten(framework_tree(framework))
    codes = {node.item.pk: node.item.code for node in nodes}
    for node in nodes:
        item = node.item
        parent_code = codes.get(item.parent_id, "") if item.parent_id else ""
        row = (item.code, parent_code, item.kind, item.title, item.description, item.uri)
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()
