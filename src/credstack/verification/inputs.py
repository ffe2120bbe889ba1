"""Reading what a visitor submits (file, text, JSON body) within the verifier's size limit."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from credstack.problems import Problem

from .services import MAX_INPUT_BYTES

#: Multipart framing and form fields around an upload of the largest allowed size.
REQUEST_OVERHEAD = 64 * 1024


class InputTooLarge(Problem):
    status = 413
    code = "PAYLOAD_TOO_LARGE"
    title = "The credential is too large"


def too_large() -> InputTooLarge:
    limit = MAX_INPUT_BYTES // (1024 * 1024)
    return InputTooLarge(
        f"Credentials larger than {limit} MB are not verified; a baked badge image is usually "
        "well under 1 MB.",
    )


def check_length(content_length: str | None) -> None:
    """Refuse a request body that says it is too large, before reading any of it."""
    try:
        length = int(content_length or 0)
    except ValueError:
        length = 0
    if length > MAX_INPUT_BYTES + REQUEST_OVERHEAD:
        raise too_large()


def read_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded file, refusing it when larger than the limit."""
    if upload.size is not None and upload.size > MAX_INPUT_BYTES:
        raise too_large()
    data = upload.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise too_large()
    return data
