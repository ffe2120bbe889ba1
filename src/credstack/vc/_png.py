"""PNG chunk reading and writing for baked badges (PNG 3rd ed. §5, §11.3.3.4 iTXt).

A PNG is an 8-byte signature and a run of chunks: 4-byte big-endian length, 4-byte type, data,
CRC-32 over type and data (§5.3). Baking adds one ``iTXt`` chunk; everything else is copied
byte for byte, so the image a viewer renders is exactly the image that was baked.

Reading treats every byte as hostile: lengths are checked against the bytes actually present
and against the PNG limit of 2^31-1 (§5.3) before anything is sliced, every CRC is checked, the
first chunk must be IHDR and the stream must reach IEND. A compressed ``iTXt`` (which OB 3.0
forbids but old bakers wrote) is inflated in bounded steps under a cap.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from .errors import BakedPayloadMalformed, ImageMalformed, ImageTooLarge

__all__ = ["PNG_SIGNATURE", "Chunk", "bake_text", "find_text", "itxt_chunk", "read_chunks"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_CHUNK_LENGTH = 2**31 - 1  # PNG §5.3: "A four-byte unsigned integer ... limited to 2^31-1"
_INFLATE_STEP = 64 * 1024


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk: its type, data, and the ``[start, end)`` span of its bytes in the file."""

    type: bytes
    data: bytes
    start: int
    end: int


def read_chunks(data: bytes) -> tuple[list[Chunk], bytes]:
    """Split a PNG datastream into chunks (through IEND) and any bytes trailing IEND.

    Raises :class:`ImageMalformed` on a bad signature, a truncated chunk, an over-long length,
    a non-letter chunk type, a CRC mismatch, a first chunk other than IHDR or a missing IEND.
    """
    if not data.startswith(PNG_SIGNATURE):
        raise ImageMalformed("the data does not start with the PNG signature")
    chunks: list[Chunk] = []
    position = len(PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise ImageMalformed(f"the PNG is truncated at byte {position} (no IEND chunk)")
        length, kind = struct.unpack_from(">I4s", data, position)
        if length > _MAX_CHUNK_LENGTH:
            raise ImageMalformed(f"chunk length {length} at byte {position} exceeds 2^31-1")
        end = position + 12 + length
        if end > len(data):
            raise ImageMalformed(
                f"chunk {kind!r} at byte {position} claims {length} bytes; only "
                f"{len(data) - position - 12} remain"
            )
        if not kind.isalpha() or not kind.isascii():
            raise ImageMalformed(f"chunk type {kind!r} at byte {position} is not four letters")
        body = data[position + 8 : end - 4]
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(kind + body) != crc:
            raise ImageMalformed(f"chunk {kind.decode('ascii')} at byte {position} has a bad CRC")
        if not chunks and kind != b"IHDR":
            raise ImageMalformed(f"the first chunk is {kind.decode('ascii')}, not IHDR")
        chunks.append(Chunk(kind, body, position, end))
        position = end
        if kind == b"IEND":
            return chunks, data[position:]


def itxt_chunk(keyword: str, text: str) -> bytes:
    """An uncompressed ``iTXt`` chunk (PNG §11.3.3.4) with empty language tag and translation.

    OB 3.0 "Baked Badge" / PNG: "Compression MUST NOT be used".
    """
    body = keyword.encode("latin-1") + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")
    return (
        struct.pack(">I4s", len(body), b"iTXt")
        + body
        + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    )


def _keyword_of(chunk: Chunk) -> bytes | None:
    if chunk.type not in (b"iTXt", b"tEXt"):
        return None
    keyword, separator, _ = chunk.data.partition(b"\x00")
    return keyword if separator else None


def bake_text(png: bytes, keyword: str, text: str) -> bytes:
    """Return ``png`` carrying exactly one ``iTXt`` chunk ``keyword`` holding ``text``.

    Existing ``iTXt`` chunks with that keyword are removed (OB 3.0: it "MUST NOT appear in a
    PNG more than once"; re-baking overwrites). The new chunk takes the place of the first old
    one, or goes directly after IHDR: readers stop at the first match (OB 3.0 "Extracting"),
    so an early chunk spares them the image data. Every other byte is copied unchanged.
    """
    chunks, trailer = read_chunks(png)
    encoded_keyword = keyword.encode("latin-1")
    new_chunk = itxt_chunk(keyword, text)
    ours = [c.type == b"iTXt" and _keyword_of(c) == encoded_keyword for c in chunks]
    out = bytearray(PNG_SIGNATURE)
    placed = False
    for chunk, is_ours in zip(chunks, ours, strict=True):
        if is_ours:
            if not placed:
                out += new_chunk
                placed = True
            continue
        out += png[chunk.start : chunk.end]
        if chunk.type == b"IHDR" and not any(ours):
            out += new_chunk
            placed = True
    return bytes(out + trailer)


def find_text(
    png: bytes, keywords: tuple[str, ...], *, max_text_bytes: int
) -> tuple[str, str, str] | None:
    """The first ``iTXt``/``tEXt`` text for the earliest-listed keyword that is present.

    Returns ``(keyword, chunk type, text)``: ``keywords`` is in order of preference (an OB 3.0
    credential wins over an OB 2.0 assertion in the same image). ``tEXt`` is read only for
    keywords other than the first, for pre-2.0 badges that stored a hosted-assertion URL there.
    """
    chunks, _ = read_chunks(png)
    wanted = [k.encode("latin-1") for k in keywords]
    for rank, keyword in enumerate(wanted):
        for chunk in chunks:
            if _keyword_of(chunk) != keyword or (chunk.type == b"tEXt" and rank == 0):
                continue
            if chunk.type == b"tEXt":
                text = chunk.data[len(keyword) + 1 :]
                if len(text) > max_text_bytes:
                    raise ImageTooLarge(f"the {keywords[rank]} text exceeds {max_text_bytes} bytes")
                return keywords[rank], "tEXt", text.decode("latin-1")
            return keywords[rank], "iTXt", _itxt_text(chunk.data, max_text_bytes)
    return None


def _itxt_text(body: bytes, max_text_bytes: int) -> str:
    # PNG §11.3.3.4: keyword NUL, compression flag, compression method, language tag NUL,
    # translated keyword NUL, text.
    _, _, rest = body.partition(b"\x00")
    if len(rest) < 2:
        raise ImageMalformed("the iTXt chunk ends inside its header")
    flag, method = rest[0], rest[1]
    _language, sep1, rest = rest[2:].partition(b"\x00")
    _, sep2, text = rest.partition(b"\x00")
    if not (sep1 and sep2) or flag not in (0, 1) or method != 0:
        raise ImageMalformed("the iTXt chunk header is malformed")
    if flag == 1:
        text = _inflate(text, max_text_bytes)
    elif len(text) > max_text_bytes:
        raise ImageTooLarge(
            f"the baked text is {len(text)} bytes, over the cap of {max_text_bytes}"
        )
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BakedPayloadMalformed("the baked iTXt text is not UTF-8") from e


def _inflate(compressed: bytes, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = compressed
    try:
        while True:
            chunk = inflater.decompress(pending, _INFLATE_STEP)
            out += chunk
            if len(out) > max_bytes:
                raise ImageTooLarge(f"the compressed iTXt text inflates past {max_bytes} bytes")
            pending = inflater.unconsumed_tail
            if inflater.eof or (not chunk and not pending):
                break
    except zlib.error as e:
        raise ImageMalformed(f"the compressed iTXt text is not valid zlib data: {e}") from e
    if not inflater.eof:
        raise ImageMalformed("the compressed iTXt text is truncated")
    return bytes(out)
