"""Reading a bulk-award CSV: streamed, strict about the file, precise about each row.

The file is read as a stream (no row cap, constant memory per row), decoded as UTF-8 (a BOM
is allowed: spreadsheet "CSV UTF-8" exports start with one) and parsed by :mod:`csv` (RFC 4180
quoting). Whatever makes the whole file untrustworthy -- binary content, another encoding, an
over-long line, a broken header -- raises :class:`CsvRejected` and the caller writes nothing.
What is wrong with one row is reported on that row (:func:`check_row`), so the issuer sees
every problem in the preview at once.

Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return becomes a formula when the result report is opened in a
spreadsheet. Such cells are refused on import (numbers such as ``-5`` in the result column
excepted), and :func:`safe_cell` neutralises them again on export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from credstack.problems import InvalidInput, Problem

from ..services.recipients import RecipientInput, normalise_recipient

MAX_LINE = 64 * 1024  # characters in one physical line
MAX_FIELD = {"name": 200, "narrative": 10_000, "result": 200, "evidence_url": 500}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SNIFF_BYTES = 8192
# Files that are certainly not text: ZIP (xlsx, ods, docx), OLE (xls), PDF, gzip, PNG, JPEG.
MAGIC = {
    b"PK\x03\x04": "an Excel or OpenDocument workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook",
    b"%PDF": "a PDF",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
}
# Accepted headings (lower-cased, "_" and "-" read as spaces) for each column.
COLUMNS = {
    "name": {"name", "recipient name", "full name", "recipient"},
    "email": {"email", "e mail", "email address", "recipient email"},
    "did": {"did", "recipient did"},
    "email_or_did": {"email or did", "recipient email or did", "identifier"},
    "narrative": {"narrative", "note", "comment"},
    "evidence_url": {"evidence url", "evidence", "evidence link"},
    "result": {"result", "grade", "score"},
    "issue_date": {"issue date", "issued", "issued on", "date", "awarded on"},
}


class CsvRejected(Problem):
    """The file as a whole cannot be read; nothing is written."""

    status = 422
    code = "CSV_INVALID"
    title = "The CSV file cannot be used"


@dataclass
class CsvRow:
    """One data row: its spreadsheet line number, cleaned values and the problems found."""

    number: int
    data: dict[str, str]
    errors: list[dict[str, str]] = field(default_factory=list)
    recipient_key: str = ""

    def fail(self, code: str, message: str) -> None:
        self.errors.append({"code": code, "message": message})


class _LimitedReader(io.RawIOBase):
    """A binary stream that refuses to read past ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise CsvRejected(
                f"The file is larger than {self._limit // (1024 * 1024)} MB; split it into parts.",
                code="CSV_TOO_LARGE",
                status=413,
            )
        buffer[: len(data)] = data
        return len(data)


def _sniff(head: bytes) -> None:
    for magic, what in MAGIC.items():
        if head.startswith(magic):
            raise CsvRejected(
                f"This file is {what}, not a CSV. Save it as “CSV UTF-8” and upload that.",
                code="CSV_NOT_TEXT",
            )
    if b"\x00" in head:
        raise CsvRejected(
            "This file contains binary data (NUL bytes), so it is not a CSV text file. "
            "UTF-16 files look like this too: save it as “CSV UTF-8”.",
            code="CSV_NOT_TEXT",
        )
    if not head.strip():
        raise CsvRejected("The file is empty.", code="CSV_EMPTY")


def _lines(text: IO[str]) -> Iterator[str]:
    number = 0
    while True:
        try:
            line = text.readline(MAX_LINE + 1)
        except UnicodeDecodeError as e:
            raise CsvRejected(
                f"Line {number + 1} is not UTF-8 text (byte 0x{e.object[e.start]:02x}). "
                "Save the file as “CSV UTF-8” and upload it again.",
                code="CSV_ENCODING",
            ) from e
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE and not line.endswith(("\n", "\r")):
            raise CsvRejected(
                f"Line {number} is longer than {MAX_LINE:,} characters; is this really a CSV?",
                code="CSV_LINE_TOO_LONG",
            )
        yield line


def _header(cells: list[str]) -> list[str | None]:
    names: list[str | None] = []
    for cell in cells:
        heading = " ".join(cell.strip().lower().replace("_", " ").replace("-", " ").split())
        names.append(next((key for key, aliases in COLUMNS.items() if heading in aliases), None))
    known = [n for n in names if n]
    if len(known) != len(set(known)):
        raise CsvRejected("Two columns have the same heading.", code="CSV_HEADER_INVALID")
    if not {"email", "did", "email_or_did"} & set(known):
        raise CsvRejected(
            "The first line must name the columns, including “email” or “DID” (also accepted: "
            "name, narrative, evidence URL, result, issue date).",
            code="CSV_HEADER_INVALID",
        )
    return names


def read_rows(stream: IO[bytes], *, max_bytes: int) -> Iterator[CsvRow]:
    """Yield each non-blank data row of the CSV ``stream`` (checked with :func:`check_row`
    except for duplicates and existing awards, which need the whole file and the database).

    Raises :class:`CsvRejected` (codes ``CSV_TOO_LARGE``, ``CSV_NOT_TEXT``, ``CSV_EMPTY``,
    ``CSV_ENCODING``, ``CSV_LINE_TOO_LONG``, ``CSV_HEADER_INVALID``, ``CSV_MALFORMED``) as
    soon as the file proves unreadable.
    """
    raw = io.BufferedReader(_LimitedReader(stream, max_bytes), buffer_size=SNIFF_BYTES)
    _sniff(raw.peek(SNIFF_BYTES)[:SNIFF_BYTES])
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise CsvRejected("The file is empty.", code="CSV_EMPTY")
        names = _header(header)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            yield _row(reader.line_num, names, cells)
    except csv.Error as e:
        raise CsvRejected(
            f"Line {reader.line_num} cannot be read as CSV ({e}).", code="CSV_MALFORMED"
        ) from e


def _row(number: int, names: list[str | None], cells: list[str]) -> CsvRow:
    row = CsvRow(number=number, data={})
    if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
        row.fail("ROW_TOO_MANY_VALUES", "This row has more values than the header has columns.")
    for name, cell in zip(names, cells, strict=False):
        if name is not None:
            row.data[name] = cell.strip()
    either = row.data.pop("email_or_did", "")
    if either:
        row.data["did" if either.startswith("did:") else "email"] = either
    check_row(row)
    return row


def _parse_date(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def check_row(row: CsvRow) -> None:
    """Record on ``row`` every problem of its own values (recipient, URL, date, formulas)."""
    data = row.data
    for name, limit in MAX_FIELD.items():
        if len(data.get(name, "")) > limit:
            row.fail(
                "ROW_FIELD_TOO_LONG", f"The {name.replace('_', ' ')} is over {limit} characters."
            )
    for name in ("name", "narrative", "result"):
        value = data.get(name, "")
        if value.startswith(FORMULA_START) and not (name == "result" and _is_number(value)):
            row.fail(
                "ROW_FORMULA",
                f"The {name} starts with “{value[0]!s}”, which spreadsheets run as a formula; "
                "remove it.",
            )
    try:
        recipient = normalise_recipient(
            RecipientInput(
                email=data.get("email", ""), name=data.get("name", ""), did=data.get("did", "")
            )
        )
    except InvalidInput as e:
        row.fail(e.code, e.detail)
    else:
        row.recipient_key = recipient.key
    url = data.get("evidence_url", "")
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            row.fail("EVIDENCE_URL_INVALID", f"“{url[:100]}” is not a web address (https://…).")
    date = data.get("issue_date", "")
    if date:
        try:
            moment = _parse_date(date)
        except ValueError:
            row.fail("ISSUE_DATE_INVALID", f"“{date[:40]}” is not a date; write it as YYYY-MM-DD.")
        else:
            if moment > datetime.now(UTC):
                row.fail("ISSUE_DATE_IN_FUTURE", f"The issue date {date[:40]} is in the future.")
            elif moment.year < 1970:
                row.fail("ISSUE_DATE_INVALID", f"The issue date {date[:40]} is before 1970.")
            else:
                data["issue_date"] = moment.replace(microsecond=0).isoformat()


def issue_moment(data: dict[str, Any]) -> datetime | None:
    """The checked issue date of a stored row, or None for "when it is issued"."""
    value = data.get("issue_date") or ""
    return _parse_date(value) if value else None


def safe_cell(value: object) -> str:
    """A cell for a CSV export that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text
