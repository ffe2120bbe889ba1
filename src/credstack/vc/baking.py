"""Baked badges: credentials embedded in PNG and SVG images (OB 3.0 "Baked Badge", OB 2.0 Baking).

:func:`bake_png` and :func:`bake_svg` embed an OB 3.0 credential: the JSON of a credential with
an embedded proof, or the compact JWS of a VC-JWT. Re-baking replaces the previous credential,
never adds a second one, and leaves the picture's bytes untouched. :func:`extract` reads OB 3.0
credentials and, for old badges, OB 2.0 assertions (signed JWS, assertion JSON or the URL of a
hosted assertion), deciding PNG or SVG from the bytes, never from a file name.

Every input is treated as hostile: size caps on the image and the embedded text, bounded
inflation of compressed text, defusedxml with a depth limit for SVG. Every failure is an
:class:`~credstack.vc.errors.ExtractionError` subclass with a stable ``code`` (or
:class:`~credstack.vc.errors.BakingError` for a credential that cannot be baked).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from . import _png, _svg
from .errors import (
    BakedPayloadMalformed,
    BakingError,
    CredentialNotBaked,
    ImageTooLarge,
    ImageUnsupported,
)

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_IMAGE_BYTES",
    "DEFAULT_MAX_TEXT_BYTES",
    "Extracted",
    "bake",
    "bake_ob2_png",
    "bake_png",
    "bake_svg",
    "extract",
]

#: A badge image is tens of kilobytes; 16 MiB leaves room for large artwork and evidence.
DEFAULT_MAX_IMAGE_BYTES = 16 * 1024 * 1024
#: Cap on the embedded text after any decompression.
DEFAULT_MAX_TEXT_BYTES = 4 * 1024 * 1024
#: Real SVG artwork nests a few dozen groups; this refuses pathological nesting early.
DEFAULT_MAX_DEPTH = 256

OB3_PNG_KEYWORD = "openbadgecredential"
OB2_PNG_KEYWORD = "openbadges"
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_UNSUPPORTED_ENCODING = re.compile(rb"""encoding\s*=\s*["'](utf-?16|utf-?32|ucs)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A credential read from an image.

    Exactly one of ``credential`` (a JSON object), ``jwt`` (a compact JWS) or ``url`` (an
    OB 2.0 hosted assertion's address, which the caller may fetch) is set.
    """

    kind: Literal["png", "svg"]
    version: Literal["ob3", "ob2"]
    credential: dict[str, Any] | None = None
    jwt: str | None = None
    url: str | None = None


def _payload(credential: object) -> tuple[str | None, str | None]:
    """``(json_text, jwt)`` for a credential to bake; exactly one is set."""
    if isinstance(credential, str):
        if not _COMPACT_JWS.fullmatch(credential):
            raise BakingError("a credential given as a string must be a compact JWS (VC-JWT)")
        return None, credential
    if not isinstance(credential, dict):
        raise BakingError(
            f"a credential must be a dict or a compact JWS, not {type(credential).__name__}"
        )
    try:
        # ASCII-only JSON splices safely into any ASCII-compatible SVG encoding and is still
        # the same JSON; allow_nan=False because NaN and Infinity are not JSON (RFC 8259 §6).
        return json.dumps(credential, ensure_ascii=True, allow_nan=False), None
    except (TypeError, ValueError, RecursionError) as e:
        raise BakingError(f"the credential is not JSON-serialisable: {e}") from e


def _check_size(data: object, max_bytes: int) -> bytes:
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise ImageUnsupported(f"an image must be bytes, not {type(data).__name__}")
    if len(data) > max_bytes:
        raise ImageTooLarge(f"the image is {len(data)} bytes, over the cap of {max_bytes}")
    return data


def bake_png(
    png_bytes: bytes, credential: dict[str, Any] | str, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
) -> bytes:
    """Embed ``credential`` in a PNG as the single uncompressed ``iTXt`` chunk
    ``openbadgecredential`` (OB 3.0 "Baked Badge" / PNG / Baking).

    Any existing ``openbadgecredential`` chunk is replaced; all other chunks are copied byte for
    byte. Raises :class:`ImageMalformed` for a corrupt PNG, :class:`BakingError` for a bad
    credential.
    """
    data = _check_size(png_bytes, max_bytes)
    json_text, jwt = _payload(credential)
    text = jwt if jwt is not None else json_text
    assert text is not None
    return _png.bake_text(data, OB3_PNG_KEYWORD, text)


def bake_ob2_png(
    png_bytes: bytes, assertion: dict[str, Any] | str, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
) -> bytes:
    """Embed an Open Badges 2.0 assertion in a PNG as the single uncompressed ``iTXt`` chunk
    ``openbadges`` (OB 2.0 "Baking Specification" / PNGs).

    ``assertion`` is the assertion JSON (a hosted assertion carries its own URL as ``id``), a
    signed assertion's compact JWS, or the hosted assertion's HTTP(S) URL. Re-baking replaces
    an earlier ``openbadges`` chunk; an OB 3.0 ``openbadgecredential`` chunk is left alone.
    """
    data = _check_size(png_bytes, max_bytes)
    text: str | None
    if isinstance(assertion, str) and re.fullmatch(r"https?://\S+", assertion):
        text = assertion
    else:
        json_text, jwt = _payload(assertion)
        text = jwt if jwt is not None else json_text
    assert text is not None
    return _png.bake_text(data, OB2_PNG_KEYWORD, text)


def bake_svg(
    svg_bytes: bytes,
    credential: dict[str, Any] | str,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> bytes:
    """Embed ``credential`` in an SVG as one ``<openbadges:credential>`` element
    (OB 3.0 "Baked Badge" / SVG / Baking): a JWS in ``verify=``, JSON in CDATA.

    Any existing OB 3.0 credential element is replaced. The document must use an
    ASCII-compatible encoding (UTF-8, the default); UTF-16/32 documents are refused.
    """
    data = _check_size(svg_bytes, max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _UNSUPPORTED_ENCODING.search(data[:256]):
        raise BakingError("only SVG documents in an ASCII-compatible encoding (UTF-8) can be baked")
    json_text, jwt = _payload(credential)
    return _svg.bake_element(data, verify=jwt, cdata=json_text, max_depth=max_depth)


def bake(
    image: bytes, credential: dict[str, Any] | str, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
) -> bytes:
    """Bake into a PNG or an SVG, whichever ``image`` is (sniffed from its bytes)."""
    data = _check_size(image, max_bytes)
    if _sniff(data) == "png":
        return bake_png(data, credential, max_bytes=max_bytes)
    return bake_svg(data, credential, max_bytes=max_bytes)


def _sniff(data: bytes) -> Literal["png", "svg"]:
    if data.startswith(_png.PNG_SIGNATURE):
        return "png"
    # XML: a UTF-16 byte order mark (the parser then reads the declared encoding), or "<" after
    # an optional UTF-8 BOM and white space. Whether the root is <svg> is the parser's call.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "svg"
    if data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<"):
        return "svg"
    raise ImageUnsupported("the data is neither a PNG nor an SVG (XML) document")


def _interpret(text: str, kind: Literal["png", "svg"], version: Literal["ob3", "ob2"]) -> Extracted:
    """Read the baked text as JSON, a compact JWS or (OB 2.0 only) a hosted assertion URL."""
    text = text.strip()
    if text.startswith("{"):
        try:
            document = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as e:
            raise BakedPayloadMalformed(f"the baked {version} JSON does not parse: {e}") from e
        if not isinstance(document, dict):  # pragma: no cover - text starting "{" parses to a dict
            raise BakedPayloadMalformed("the baked JSON is not an object")
        return Extracted(kind, version, credential=document)
    if _COMPACT_JWS.fullmatch(text):
        return Extracted(kind, version, jwt=text)
    if version == "ob2" and re.fullmatch(r"https?://\S+", text):
        return Extracted(kind, version, url=text)
    raise BakedPayloadMalformed(
        f"the baked {version} text is neither JSON, a compact JWS nor a hosted URL: {text[:40]!r}"
    )


def _refuse_constant(name: str) -> float:
    # json.loads accepts NaN/Infinity by default; they are not JSON and cannot be canonicalised.
    raise ValueError(f"{name} is not a JSON value")


def extract(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Extracted:
    """Read the credential baked into a PNG or SVG (OB 3.0 "Extracting"; OB 2.0 Baking).

    The format is decided by content. An OB 3.0 credential is preferred over an OB 2.0
    assertion when an image carries both. Raises an :class:`ExtractionError` subclass:
    ``IMAGE_UNSUPPORTED``, ``IMAGE_TOO_LARGE``, ``IMAGE_MALFORMED``, ``UNSAFE_XML``,
    ``CREDENTIAL_NOT_BAKED`` or ``BAKED_PAYLOAD_MALFORMED``.
    """
    image = _check_size(data, max_bytes)
    kind = _sniff(image)
    if kind == "png":
        found = _png.find_text(
            image, (OB3_PNG_KEYWORD, OB2_PNG_KEYWORD), max_text_bytes=max_text_bytes
        )
        if found is None:
            raise CredentialNotBaked("the PNG has no openbadgecredential or openbadges chunk")
        keyword, _, text = found
        return _interpret(text, "png", "ob3" if keyword == OB3_PNG_KEYWORD else "ob2")
    element = _svg.find_element(image, max_depth=max_depth)
    if element is None:
        raise CredentialNotBaked(
            "the SVG has no openbadges:credential or openbadges:assertion element"
        )
    text = element.verify if element.verify and element.verify.strip() else element.text
    if len(text) > max_text_bytes:
        raise ImageTooLarge(f"the baked text is over the cap of {max_text_bytes} characters")
    return _interpret(text, "svg", "ob3" if element.version == "ob3" else "ob2")
