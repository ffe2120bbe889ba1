"""Multibase base58btc and the multicodec headers of Ed25519 keys (CID 1.0 §2.2.2 Multikey).

* ``publicKeyMultibase`` = ``"z"`` + base58btc(0xed 0x01 || 32-byte key) -> always ``z6Mk...``.
* ``secretKeyMultibase`` = ``"z"`` + base58btc(0x80 0x26 || 32-byte seed) -> ``z3u2...``.
* Data Integrity ``proofValue`` for EdDSA = ``"z"`` + base58btc(64-byte signature).
"""

from __future__ import annotations

import base58

from .errors import KeyError_

__all__ = [
    "ED25519_PRIV_HEADER",
    "ED25519_PUB_HEADER",
    "decode_base58btc",
    "decode_multikey",
    "encode_base58btc",
    "encode_multikey",
]

ED25519_PUB_HEADER = b"\xed\x01"
ED25519_PRIV_HEADER = b"\x80\x26"
_MAX_ENCODED = 512  # far above any key or signature; bounds base58's quadratic decoding


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc encoding (prefix ``z``, Bitcoin alphabet)."""
    return "z" + base58.b58encode(data).decode("ascii")


def decode_base58btc(text: str) -> bytes:
    """Decode a multibase base58btc string; :class:`KeyError_` on any other form."""
    if not isinstance(text, str) or not text.startswith("z") or len(text) > _MAX_ENCODED:
        raise KeyError_(f"{text!r} is not a multibase base58btc ('z...') value")
    try:
        return bytes(base58.b58decode(text[1:].encode("ascii")))
    except (ValueError, UnicodeEncodeError) as e:
        raise KeyError_(f"{text!r} is not valid base58btc") from e


def encode_multikey(header: bytes, raw: bytes) -> str:
    """``z`` + base58btc(multicodec header || raw key bytes)."""
    return encode_base58btc(header + raw)


def decode_multikey(text: str, header: bytes, size: int = 32) -> bytes:
    """Raw key bytes of a Multikey value, refusing any other multicodec header or length."""
    data = decode_base58btc(text)
    if data[: len(header)] != header:
        raise KeyError_(
            f"multikey {text[:12]!r}... has header {data[:2].hex()!r}, expected {header.hex()!r}"
        )
    raw = data[len(header) :]
    if len(raw) != size:
        raise KeyError_(f"multikey {text[:12]!r}... holds {len(raw)} bytes, expected {size}")
    return raw
