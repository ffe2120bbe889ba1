"""The bitstring of W3C Bitstring Status List 1.0 and its wire encoding.

BSL §3.1 "Generate Algorithm" and §3.3 "Bitstring Generation Algorithm": a list is a run of
bits, at least 16 KB (131,072 entries) long so that a holder hides in a crowd; index 0 is the
left-most (most significant) bit of the first byte. The ``encodedList`` is the GZIP
(RFC 1952) compression of those bytes, base64url-encoded without padding and given the
multibase prefix ``u``. BSL §3.4 "Bitstring Expansion Algorithm" is the inverse.

Expansion is the hostile direction: a verifier inflates whatever a list URL served, and a few
kilobytes of GZIP can inflate to gigabytes. Decoding therefore caps the encoded length, inflates
in bounded steps and stops as soon as the output passes the cap (BSL §7.1 "Bitstring
Encoding" leaves the limit to implementations).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib

from .errors import StatusError, StatusListMalformed, StatusListTooLarge

__all__ = [
    "DEFAULT_MAX_LIST_BYTES",
    "MIN_ENTRIES",
    "StatusList",
    "decode_bitstring",
    "encode_bitstring",
    "read_entry",
]

#: BSL §3.1 step 2 / §6.1: the minimum number of entries in any status list.
MIN_ENTRIES = 131_072

#: Default cap on an expanded list: 16 MiB = 134,217,728 one-bit entries, 1,024 times the
#: spec minimum, yet small enough that a bomb costs a verifier little.
DEFAULT_MAX_LIST_BYTES = 16 * 1024 * 1024

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# Inflate in slices of this many output bytes so memory stays bounded by the cap, not the bomb.
_INFLATE_STEP = 64 * 1024


class StatusList:
    """A mutable bitstring of ``size`` one-bit entries (BSL §2.2, §3.3).

    ``size`` is a whole number of bytes and at least :data:`MIN_ENTRIES`; a smaller list would
    let anyone who fetches it narrow down which credential a verifier is checking (BSL §6.1).
    """

    __slots__ = ("_bits",)

    def __init__(self, size: int = MIN_ENTRIES) -> None:
        if isinstance(size, bool) or not isinstance(size, int):
            raise StatusError(f"status list size must be an int, not {type(size).__name__}")
        if size < MIN_ENTRIES:
            raise StatusError(
                f"status list size {size} is below the BSL minimum of {MIN_ENTRIES} entries"
            )
        if size % 8:
            raise StatusError(f"status list size {size} is not a whole number of bytes")
        self._bits = bytearray(size // 8)

    @classmethod
    def from_bytes(cls, data: bytes) -> StatusList:
        """Wrap an expanded bitstring (for instance one read from storage)."""
        status_list = cls(len(data) * 8)
        status_list._bits[:] = data
        return status_list

    @classmethod
    def decode(cls, encoded_list: str, *, max_bytes: int = DEFAULT_MAX_LIST_BYTES) -> StatusList:
        """Expand an ``encodedList`` (BSL §3.4), refusing lists over ``max_bytes`` expanded."""
        data = decode_bitstring(encoded_list, max_bytes=max_bytes)
        if len(data) * 8 < MIN_ENTRIES:
            raise StatusListMalformed(
                f"status list holds {len(data) * 8} entries, below the BSL minimum of {MIN_ENTRIES}"
            )
        return cls.from_bytes(data)

    @property
    def size(self) -> int:
        """The number of one-bit entries."""
        return len(self._bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if isinstance(index, bool) or not isinstance(index, int):
            raise StatusError(f"status list index must be an int, not {type(index).__name__}")
        if not 0 <= index < self.size:
            raise StatusError(f"status list index {index} is outside 0..{self.size - 1}")
        # BSL §3.1: "the first index, with a value of zero (0), is located at the left-most bit".
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        """Whether the bit at ``index`` is set (revoked or suspended, by the list's purpose)."""
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        """Set (``True``) or clear (``False``) the bit at ``index``."""
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def set_indices(self) -> list[int]:
        """Every index whose bit is set, in ascending order (for audits and tests)."""
        found: list[int] = []
        for byte_index, byte in enumerate(self._bits):
            if byte:
                found.extend(byte_index * 8 + bit for bit in range(8) if byte & (0x80 >> bit))
        return found

    def to_bytes(self) -> bytes:
        """The expanded bitstring."""
        return bytes(self._bits)

    def encode(self) -> str:
        """The ``encodedList`` value: ``u`` + base64url-no-pad(GZIP(bits)) (BSL §3.3)."""
        return encode_bitstring(bytes(self._bits))


def encode_bitstring(data: bytes) -> str:
    """GZIP then multibase base64url without padding (BSL §3.3 steps 3-4).

    ``mtime=0`` makes the output a pure function of the bits, so re-publishing an unchanged
    list yields byte-identical JSON (and HTTP caches and signatures stay stable).
    """
    compressed = gzip.compress(data, compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bitstring(encoded_list: str, *, max_bytes: int = DEFAULT_MAX_LIST_BYTES) -> bytes:
    """Multibase-decode then GZIP-inflate an ``encodedList`` (BSL §3.4), with a hard size cap.

    Raises :class:`StatusListMalformed` for anything that is not one complete GZIP member in
    ``u``-prefixed base64url, and :class:`StatusListTooLarge` as soon as the expansion passes
    ``max_bytes`` (memory stays near ``max_bytes`` whatever the input claims).
    """
    if not isinstance(encoded_list, str):
        raise StatusListMalformed(
            f"encodedList must be a string, not {type(encoded_list).__name__}"
        )
    if not encoded_list.startswith("u"):
        raise StatusListMalformed(
            f"encodedList must start with the multibase base64url prefix 'u': {encoded_list[:16]!r}"
        )
    body = encoded_list[1:]
    # DEFLATE cannot expand data by more than ~0.03 %, and base64 adds a third, so an honest
    # encoding of max_bytes is never longer than this; a longer one is refused before decoding.
    if len(body) > (max_bytes + max_bytes // 100 + 1024) * 4 // 3:
        raise StatusListTooLarge(f"encodedList of {len(body)} characters exceeds the size cap")
    if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise StatusListMalformed("encodedList is not base64url without padding")
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as e:  # pragma: no cover - the regex rejects these
        raise StatusListMalformed("encodedList is not base64url without padding") from e
    return _inflate_gzip(compressed, max_bytes)


def _inflate_gzip(compressed: bytes, max_bytes: int) -> bytes:
    # wbits=16+MAX_WBITS: accept a GZIP wrapper only (BSL names GZIP, not zlib or raw DEFLATE).
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = compressed
    try:
        while True:
            chunk = inflater.decompress(pending, _INFLATE_STEP)
            out += chunk
            if len(out) > max_bytes:
                raise StatusListTooLarge(
                    f"encodedList expands past the cap of {max_bytes} bytes (a GZIP bomb?)"
                )
            pending = inflater.unconsumed_tail
            if inflater.eof or (not chunk and not pending):
                break
    except zlib.error as e:
        raise StatusListMalformed(f"encodedList is not valid GZIP data: {e}") from e
    if not inflater.eof:
        raise StatusListMalformed("encodedList GZIP data is truncated")
    if inflater.unused_data:
        raise StatusListMalformed("encodedList has data after the GZIP member")
    return bytes(out)


def read_entry(bits: bytes, index: int, status_size: int = 1) -> int:
    """The ``status_size``-bit value of entry ``index`` (BSL §3.2 step 11), most significant first.

    The caller has checked the bounds; entry ``i`` starts at bit ``i * status_size``.
    """
    start = index * status_size
    value = 0
    for position in range(start, start + status_size):
        value = (value << 1) | ((bits[position // 8] >> (7 - position % 8)) & 1)
    return value
