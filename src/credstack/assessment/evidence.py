"""Upload rules for evidence: size limits, content sniffing, safe names, storage.

Limits come from settings (``ASSESSMENT_MAX_FILE_BYTES``, default 10 MB, and
``ASSESSMENT_MAX_SUBMISSION_BYTES``, default 50 MB). Files go through Django's default storage
(local disk, or S3-compatible object storage at scale) under a random name, so nothing the
uploader chose ever becomes a path.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from credstack.problems import InvalidInput

from .sniffing import Kind, sniff

MB = 1024 * 1024


def max_file_bytes() -> int:
    return int(getattr(settings, "ASSESSMENT_MAX_FILE_BYTES", 10 * MB))


def max_submission_bytes() -> int:
    return int(getattr(settings, "ASSESSMENT_MAX_SUBMISSION_BYTES", 50 * MB))


def _megabytes(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


class EvidenceTooLarge(InvalidInput):
    status = 413
    code = "EVIDENCE_TOO_LARGE"
    title = "The evidence is too large"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every rule, ready to store."""

    original_name: str
    kind: Kind
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def safe_name(name: str) -> str:
    """Return ``name`` reduced to a harmless display and download name.

    Path parts, control and bidi-override characters and quotes are removed (a name is shown in
    pages and in a Content-Disposition header), and the length is capped.
    """
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[\"<>:|?*;]", "", name).strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:9]) if dot else name[:120]
    return name or "evidence"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Apply the per-file rules to ``upload`` (size first, then content) and read it."""
    name = safe_name(upload.name or "")
    limit = max_file_bytes()
    if upload.size is not None and upload.size > limit:
        raise EvidenceTooLarge(
            f"“{name}” is {_megabytes(upload.size)}; each file may be at most {_megabytes(limit)}."
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise EvidenceTooLarge(f"“{name}” is larger than {_megabytes(limit)}, the limit per file.")
    kind = sniff(name, data)
    return CheckedFile(name, kind, data, hashlib.sha256(data).hexdigest())


def check_total(files: list[CheckedFile]) -> None:
    """Refuse a submission whose files together exceed the per-submission limit."""
    total = sum(f.size for f in files)
    limit = max_submission_bytes()
    if total > limit:
        raise EvidenceTooLarge(
            f"These files add up to {_megabytes(total)}; a submission may carry at most "
            f"{_megabytes(limit)}."
        )


def store(checked: CheckedFile) -> str:
    """Save the bytes under a random name and return the storage name actually used."""
    name = f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{checked.kind.extension}"
    return default_storage.save(name, ContentFile(checked.data))


def discard(storage_names: list[str]) -> None:
    """Delete stored files whose database rows were rolled back (nothing orphaned is kept)."""
    for stored in storage_names:
        default_storage.delete(stored)
