"""Property and fuzz tests: hostile images and status data never crash, hang or balloon, and
bake -> extract is the identity.

Time is bounded by hypothesis deadlines and the modules' size caps (not by timing asserts);
memory by tracemalloc peaks. Raise CREDSTACK_FUZZ_EXAMPLES for a thorough run.
"""

from __future__ import annotations

import io
import json
import os
import struct
import tracemalloc
import zlib
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from credstack.vc import errors
from credstack.vc._bitstring import decode_bitstring
from credstack.vc.baking import bake_png, bake_svg, extract
from credstack.vc.fetch import MappingFetcher
from credstack.vc.status import check_status

EXAMPLES = int(os.environ.get("CREDSTACK_FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return buffer.getvalue()


PNG = small_png()
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect width="4"/></svg>\n'
BAKED_PNG = bake_png(PNG, {"id": "urn:uuid:1", "name": "x"})
BAKED_SVG = bake_svg(SVG, {"id": "urn:uuid:1", "name": "x"})
SMALL_CAPS: dict[str, int] = {"max_bytes": 1 << 20, "max_text_bytes": 1 << 18, "max_depth": 64}

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.floats(allow_nan=False, allow_infinity=False)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
credentials = st.dictionaries(st.text(max_size=12), json_values, max_size=6)
b64url = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1
)
jwts = st.builds(lambda a, b, c: f"{a}.{b}.{c}", b64url, b64url, b64url)


def extract_or_coded_error(data: bytes) -> None:
    try:
        extract(data, **SMALL_CAPS)
    except errors.ExtractionError as e:
        assert e.code and e.code == type(e).code


@FUZZ
@given(credentials)
def test_bake_then_extract_is_the_identity_for_json_in_png_and_svg(
    credential: dict[str, Any],
) -> None:
    assert extract(bake_png(PNG, credential)).credential == credential
    assert extract(bake_svg(SVG, credential)).credential == credential


@FUZZ
@given(jwts)
def test_bake_then_extract_is_the_identity_for_jwts_in_png_and_svg(jwt: str) -> None:
    assert extract(bake_png(BAKED_PNG, jwt)).jwt == jwt
    assert extract(bake_svg(BAKED_SVG, jwt)).jwt == jwt


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_only_ever_raise_extraction_errors(data: bytes) -> None:
    extract_or_coded_error(data)
    extract_or_coded_error(b"\x89PNG\r\n\x1a\n" + data)
    extract_or_coded_error(b"<svg " + data)


@FUZZ
@given(st.sampled_from([BAKED_PNG, BAKED_SVG]), st.data())
def test_mutated_baked_images_only_ever_raise_extraction_errors(
    image: bytes, data: st.DataObject
) -> None:
    mutated = bytearray(image)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(mutated) - 1))
        mutated[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(mutated)))
    extract_or_coded_error(bytes(mutated[:cut]))
    extract_or_coded_error(bytes(mutated))


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@FUZZ
@given(st.binary(max_size=512), st.sampled_from([b"iTXt", b"tEXt", b"zTXt", b"IDAT"]))
def test_random_chunks_with_valid_crcs_only_ever_raise_extraction_errors(
    body: bytes, kind: bytes
) -> None:
    for prefix in (b"openbadgecredential\x00", b"openbadges\x00", b""):
        extract_or_coded_error(PNG[:33] + chunk(kind, prefix + body) + PNG[33:])


@FUZZ
@given(st.text(max_size=300))
def test_random_svg_payloads_only_ever_raise_extraction_errors(text: str) -> None:
    escaped = text.replace("]]>", "")
    document = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0">'
        f"<o:credential><![CDATA[{escaped}]]></o:credential></svg>"
    )
    try:
        extract_or_coded_error(document.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates cannot be written into a document at all
        pass


def measure_peak(action: Any) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_compressed_itxt_bomb_stops_at_the_cap_within_bounded_memory() -> None:
    compressor = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    bomb = b"".join(compressor.compress(block) for _ in range(64)) + compressor.flush()  # 64 MiB
    png = PNG[:33] + chunk(b"iTXt", b"openbadgecredential\x00\x01\x00\x00\x00" + bomb) + PNG[33:]

    def attempt() -> None:
        with pytest.raises(errors.ImageTooLarge):
            extract(png, max_text_bytes=1 << 20)

    assert measure_peak(attempt) < 16 * 1024 * 1024


def test_a_billion_laughs_svg_is_refused_within_bounded_memory() -> None:
    levels = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    document = (
        f'<?xml version="1.0"?><!DOCTYPE svg [{"".join(levels)}]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&l9;</svg>'
    ).encode()

    def attempt() -> None:
        with pytest.raises(errors.UnsafeXml):
            extract(document)

    assert measure_peak(attempt) < 4 * 1024 * 1024


def test_a_huge_declared_chunk_length_costs_nothing() -> None:
    png = PNG[:33] + struct.pack(">I4s", 0x7FFF_FFFF, b"iTXt") + b"openbadgecredential" + PNG[33:]

    def attempt() -> None:
        with pytest.raises(errors.ImageMalformed):
            extract(png)

    assert measure_peak(attempt) < 1024 * 1024


@FUZZ
@given(st.text(max_size=200) | st.builds(lambda s: "u" + s, st.text(max_size=200)))
def test_random_encoded_lists_only_ever_raise_status_errors(encoded: str) -> None:
    try:
        decode_bitstring(encoded, max_bytes=1 << 20)
    except errors.StatusError as e:
        assert e.code.startswith("STATUS_LIST_")


@FUZZ
@given(json_values, json_values)
def test_check_status_never_raises_on_arbitrary_status_and_list_data(
    status: Any, listed: Any
) -> None:
    url = "https://issuer.example/status/1"
    fetcher = MappingFetcher({url: json.dumps(listed)})
    entries = [
        status,
        {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "1",
            "statusListCredential": url,
        },
    ]
    results = check_status(
        {"credentialStatus": entries}, fetcher=fetcher, now=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert len(results) == 2
    assert all(r.code for r in results)
