"""Decide what an uploaded file really is from its bytes, against an explicit allow-list.

The name and the browser's declared type are the uploader's claims; the magic numbers are
the file's. Only the kinds in :data:`ALLOWED` are accepted, and each is recognised by its
signature (PNG: ISO/IEC 15948 §5.2; JPEG: ITU T.81 SOI marker; GIF: GIF89a spec; WebP: RIFF
"WEBP" per RFC 9649 §2; PDF: ISO 32000-1 §7.5.2 header; OOXML: ECMA-376 Part 2 §10.1.2
[Content_Types].xml in a ZIP package; ODF: OASIS ODF 1.2 Part 3 §3.3 ``mimetype`` first
entry). Anything else, including HTML or a Windows executable wearing an allowed extension,
is refused with a message that says what it looks like.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from credstack.problems import InvalidInput


@dataclass(frozen=True)
class Kind:
    content_type: str
    label: str
    extension: str
    # Shown in the browser only when True (images and PDF); everything else is a download.
    inline: bool


PNG = Kind("image/png", "PNG image", "png", True)
JPEG = Kind("image/jpeg", "JPEG image", "jpg", True)
GIF = Kind("image/gif", "GIF image", "gif", True)
WEBP = Kind("image/webp", "WebP image", "webp", True)
PDF = Kind("application/pdf", "PDF document", "pdf", True)
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
    "docx",
    False,
)
XLSX = Kind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel workbook",
    "xlsx",
    False,
)
PPTX = Kind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint presentation",
    "pptx",
    False,
)
ODT = Kind("application/vnd.oasis.opendocument.text", "OpenDocument text", "odt", False)
TEXT = Kind("text/plain", "plain text", "txt", False)
# SVG can carry script: accepted as evidence, but only ever served as a download.
SVG = Kind("image/svg+xml", "SVG image", "svg", False)

ALLOWED: tuple[Kind, ...] = (PNG, JPEG, GIF, WEBP, PDF, DOCX, XLSX, PPTX, ODT, TEXT, SVG)
ALLOWED_LABELS = (
    "PNG, JPEG, GIF, WebP, PDF, Word, Excel, PowerPoint, OpenDocument text, plain text or SVG"
)

# Limits on ZIP-based documents: we never inflate them, but a package that claims to expand
# to gigabytes, or squeezes one entry a thousandfold, is a bomb aimed at whoever opens it.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200

_OOXML_MAIN = {
    "wordprocessingml.document.main+xml": DOCX,
    "spreadsheetml.sheet.main+xml": XLSX,
    "presentationml.presentation.main+xml": PPTX,
}


class FileRefused(InvalidInput):
    """An upload whose content is not on the allow-list, or is unsafe to keep."""

    code = "EVIDENCE_TYPE_REFUSED"


def _refuse(name: str, what: str) -> FileRefused:
    return FileRefused(
        f"“{name}” looks like {what}, which cannot be accepted as evidence. "
        f"Upload a {ALLOWED_LABELS} file."
    )


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<!doctype html", b"<html", b"<script", b"<head", b"<body", b"<iframe", b"<meta")
    return text.startswith(markers) or any(m in text[:1024] for m in (b"<script", b"<html"))


def _svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") or text.startswith(b"<!--") or text.startswith(b"<!doctype svg"):
        return b"<svg" in text[:4096]
    return text.startswith(b"<svg")


# Everything reading a hostile archive can raise; each means "damaged", never a crash.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    EOFError,
    ValueError,
    OSError,
    KeyError,
    RuntimeError,
)


def _zip_kind(name: str, data: bytes) -> Kind:
    try:
        return _zip_kind_unchecked(name, data)
    except _ZIP_ERRORS as e:
        raise _refuse(name, "a damaged ZIP archive") from e


def _zip_kind_unchecked(name: str, data: bytes) -> Kind:
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(name, f"an archive of {len(entries)} files")
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_ZIP_EXPANDED_BYTES:
        raise _refuse(name, "a compressed file that expands to an unsafe size (a ZIP bomb)")
    for entry in entries:
        if (
            entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1)
            and entry.file_size > 1_000_000
        ):
            raise _refuse(name, "a compressed file that expands to an unsafe size (a ZIP bomb)")
    names = {e.filename for e in entries}
    if entries and entries[0].filename == "mimetype":
        # ODF stores its media type uncompressed as the first entry; small and safe to read.
        mimetype = archive.read("mimetype")[:100].strip()
        if mimetype == ODT.content_type.encode():
            return ODT
        raise _refuse(name, f"an OpenDocument file of type {mimetype.decode(errors='replace')}")
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1_000_000:
            raise _refuse(name, "an Office file with an oversized manifest")
        manifest = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
        if "macroEnabled" in manifest or "vbaProject" in manifest:
            raise _refuse(name, "a macro-enabled Office document")
        for marker, kind in _OOXML_MAIN.items():
            if marker in manifest:
                return kind
        raise _refuse(name, "an Office package of an unsupported kind")
    raise _refuse(name, "a ZIP archive")


def sniff(name: str, data: bytes) -> Kind:
    """Return the allowed :class:`Kind` that ``data`` is, or raise :class:`FileRefused`."""
    if not data:
        raise FileRefused(f"“{name}” is empty.", code="EVIDENCE_EMPTY")
    head = data[:8192]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(name, data)
    if head.startswith(b"MZ"):
        raise _refuse(name, "a Windows program")
    if head.startswith(b"\x7fELF"):
        raise _refuse(name, "a Linux program")
    if head.startswith((b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        raise _refuse(name, "a macOS program")
    if b"\x00" in head:
        raise _refuse(name, "a binary file of an unknown kind")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _refuse(name, "a binary file of an unknown kind") from e
    if _svg(head):
        return SVG
    if _looks_like_html(head):
        raise _refuse(name, "a web page (HTML)")
    return TEXT
