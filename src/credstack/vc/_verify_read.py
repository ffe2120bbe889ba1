"""Format detection for :func:`credstack.vc.verify.verify`: JSON, VC-JWT or a baked image.

OB 3.0 §"Verification and Validation" step 1 ("detect the format"): a credential arrives as a
JSON object or text, a compact JWS (VC-JWT, OB 3.0 §"JSON Web Token Proof Format"), or baked
into a PNG/SVG (OB 3.0 §"Baking"). An Open Badges 2.0 image may carry a hosted assertion's
URL or a signed assertion instead; both are handed on as OB 2.0 documents.
"""

from __future__ import annotations

from typing import Any

from ._report import VerificationReport
from ._verify_ob2 import OB2_CONTEXT
from .baking import extract
from .errors import CredentialMalformed, VcError
from .jwt import is_compact_jws
from .model import load_json

__all__ = ["read_subject"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_subject(
    report: VerificationReport, subject: dict[str, Any] | str | bytes
) -> tuple[dict[str, Any] | None, str | None]:
    """Detect the format; return (JSON document, None), (None, compact JWS) or (None, None).

    Adds the ``format`` check; an unreadable input is a failed check, never an exception.
    """
    if isinstance(subject, dict):
        report.format = "json"
        report.add("format", "pass", "FORMAT_JSON", "The credential was given as JSON.")
        return subject, None
    if isinstance(subject, bytes | bytearray):
        data = bytes(subject)
        head = data.lstrip()[:256].lower()
        if data.startswith(_PNG_SIGNATURE) or head.startswith((b"<svg", b"<?xml", b"<!--")):
            return _read_image(report, data)
        try:
            subject = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.add(
                "format",
                "fail",
                "FORMAT_UNKNOWN",
                "The file is not a credential: it is neither JSON, a JWT, PNG nor SVG.",
            )
            return None, None
    text = subject.strip()
    if is_compact_jws(text):
        report.format = "jwt"
        report.add(
            "format", "pass", "FORMAT_JWT", "The credential was given as a signed JWT (VC-JWT)."
        )
        return None, text
    try:
        document = load_json(text)
    except CredentialMalformed:
        report.add(
            "format",
            "fail",
            "FORMAT_UNKNOWN",
            "The input is not a credential: it is neither JSON, a JWT, PNG nor SVG.",
        )
        return None, None
    if not isinstance(document, dict):
        report.add(
            "format", "fail", "FORMAT_UNKNOWN", "The input is JSON but not a credential object."
        )
        return None, None
    report.format = "json"
    report.add("format", "pass", "FORMAT_JSON", "The credential was given as JSON.")
    return document, None


def _read_image(
    report: VerificationReport, data: bytes
) -> tuple[dict[str, Any] | None, str | None]:
    report.format = "png" if data.startswith(_PNG_SIGNATURE) else "svg"
    try:
        found = extract(data)
    except VcError as e:
        report.add(
            "format",
            "fail",
            e.code,
            f"No credential could be read from the {report.format.upper()} image: {e}",
        )
        return None, None
    report.version = found.version
    where = f"The credential was read from a baked {report.format.upper()} image"
    if found.url is not None:
        report.add(
            "format", "pass", "FORMAT_BAKED", f"{where} (an Open Badges 2.0 hosted assertion link)."
        )
        return {"@context": OB2_CONTEXT, "id": found.url, "verification": {"type": "hosted"}}, None
    report.add("format", "pass", "FORMAT_BAKED", f"{where}.")
    if found.jwt is not None and found.version == "ob2":
        return {"@context": OB2_CONTEXT, "signed": found.jwt}, None
    return found.credential, found.jwt
