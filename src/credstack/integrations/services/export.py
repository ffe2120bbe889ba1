"""Export the whole wallet as one ZIP archive, streamed as it is written.

The archive holds, per award, the signed credential (``awards/<name>.json``) and the badge
PNG with it baked in (OB 3.0 "Baked Badge"); per imported credential, exactly what was
imported (JSON, ``.jwt`` or the baked image) and its credential JSON; each CLR as JSON; and a
``manifest.json`` listing every file with its credential id, status and SHA-256. Entries are
produced one at a time and the ZIP is written without seeking (data descriptors), so memory
stays bounded by the largest single entry however large the wallet is.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from credstack.accounts.models import User
from credstack.design.services import baked_badge
from credstack.verification.services import public_url

from ..models import ImportedCredential
from .clr import clrs_of
from .wallet import imported_of, own_awards

_EXTENSIONS = {"json": "json", "jwt": "jwt", "png": "png", "svg": "svg"}


class _Sink:
    """A write-only, non-seekable file that hands out what was written since the last take."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "credential"


def _json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _entries(user: User, manifest: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
    for award in own_awards(user):
        stem = f"awards/{_slug(award.credential.title)}-{str(award.credential_uuid)[:8]}"
        files = {f"{stem}.json": _json(award.credential_json)}
        files[f"{stem}.png"] = baked_badge(award, "png").content
        for name, data in files.items():
            yield name, data
        manifest["awards"].append(
            {
                "name": award.credential.title,
                "issuer": award.issuer.name,
                "credential_id": f"urn:uuid:{award.credential_uuid}",
                "status": award.shown_status,
                "public_url": public_url(award),
                "files": _hashes(files),
            }
        )
    for item in imported_of(user).defer(None):
        stem = f"imported/{_slug(item.name)}-{item.pk}"
        original = bytes(item.original)
        files = {f"{stem}.{_EXTENSIONS[item.format]}": original}
        if item.format != ImportedCredential.Format.JSON:
            files[f"{stem}.credential.json"] = _json(item.document)
        for name, data in files.items():
            yield name, data
        manifest["imported"].append(
            {
                "name": item.name,
                "issuer": item.issuer_name,
                "credential_id": item.credential_id,
                "format": item.format,
                "result": item.result,
                "verified_at": item.verified_at.isoformat(),
                "files": _hashes(files),
            }
        )
    for clr in clrs_of(user):
        name = f"clrs/{_slug(clr.stack.title)}-{str(clr.credential_uuid)[:8]}.json"
        data = _json(clr.credential_json)
        yield name, data
        manifest["clrs"].append(
            {
                "stack": clr.stack.title,
                "credential_id": f"urn:uuid:{clr.credential_uuid}",
                "issued_at": clr.created_at.isoformat(),
                "files": _hashes({name: data}),
            }
        )


def _hashes(files: dict[str, bytes]) -> list[dict[str, str]]:
    return [{"path": n, "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()]


def export_archive(user: User) -> Iterator[bytes]:
    """The ZIP archive of ``user``'s wallet, as a stream of byte chunks."""
    sink = _Sink()
    manifest: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "earner": user.get_username(),
        "awards": [],
        "imported": [],
        "clrs": [],
    }
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for name, data in _entries(user, manifest):
            archive.writestr(name, data)
            yield sink.take()
        archive.writestr("manifest.json", _json(manifest))
    yield sink.take()


def export_filename(user: User) -> str:
    return f"credentials-{_slug(user.get_username())}-{timezone.now():%Y%m%d}.zip"
