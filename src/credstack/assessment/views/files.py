"""Serving evidence files safely.

Evidence is hostile until proven otherwise. Every response: checks the viewer may see the
submission; sends the type we sniffed at upload (never the uploader's); ``nosniff`` so the
browser does not second-guess it; a sandboxing Content-Security-Policy so even a file opened
directly cannot run script with this origin's cookies; and ``attachment`` unless the type is an
image or PDF that browsers render without script. SVG (which can carry script) is always an
attachment.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from ..models import EvidenceFile
from ..services import may_view_submission
from ..sniffing import ALLOWED

_INLINE_TYPES = frozenset(k.content_type for k in ALLOWED if k.inline)
CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def content_disposition(kind: str, filename: str) -> str:
    """RFC 6266 header value; the name is given ASCII-safe and as RFC 5987 UTF-8."""
    disposition = "inline" if kind in _INLINE_TYPES else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "evidence"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@login_required
def evidence_file(request: HttpRequest, public_id: str) -> FileResponse:
    try:
        evidence = EvidenceFile.objects.select_related("submission__credential").get(
            public_id=public_id
        )
    except (EvidenceFile.DoesNotExist, ValueError) as e:
        raise Http404("No such evidence file.") from e
    if not may_view_submission(request.user, evidence.submission):
        raise PermissionDenied("This evidence is not yours to see.")
    # A download may be forced even for inline-safe types (?download=1).
    kind = (
        evidence.content_type if request.GET.get("download") != "1" else "application/octet-stream"
    )
    try:
        handle = default_storage.open(evidence.storage_name, "rb")
    except FileNotFoundError as e:
        raise Http404("The evidence file is missing from storage.") from e
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition(kind, evidence.original_name)
    response["Content-Length"] = str(evidence.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
