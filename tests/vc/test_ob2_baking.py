"""OB 2.0 PNG baking (OB 2.0 "Baking Specification"): the ``openbadges`` iTXt chunk."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from credstack.vc import errors
from credstack.vc.baking import bake_ob2_png, bake_png, extract

ASSERTION = {
    "@context": "https://w3id.org/openbadges/v2",
    "id": "https://credstack.test/ob2/assertions/3a1f6c52-1a55-4d7b-9c1e-2f4f0e3a9b10",
    "type": "Assertion",
    "recipient": {"type": "email", "hashed": True, "salt": "s", "identity": "sha256$00"},
    "badge": "https://credstack.test/ob2/badges/5e0b3bd2-7f3a-4f5e-9e2c-7d1c1a6b2f10",
    "verification": {"type": "hosted"},
    "issuedOn": "2026-01-15T09:00:00+00:00",
}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _itxt_keywords(data: bytes) -> list[bytes]:
    keywords, position = [], 8
    while position < len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        if kind == b"iTXt":
            keywords.append(data[position + 8 : position + 8 + length].split(b"\x00")[0])
        position += 12 + length
    return keywords


def test_an_ob2_assertion_baked_into_a_png_is_extracted_as_ob2_json() -> None:
    found = extract(bake_ob2_png(_png(), ASSERTION))
    assert (found.kind, found.version, found.credential) == ("png", "ob2", ASSERTION)


def test_a_hosted_assertion_url_can_be_baked_instead_of_the_json() -> None:
    found = extract(bake_ob2_png(_png(), ASSERTION["id"]))
    assert (found.version, found.url, found.credential) == ("ob2", ASSERTION["id"], None)


def test_re_baking_an_ob2_png_replaces_its_one_openbadges_chunk() -> None:
    once = bake_ob2_png(_png(), ASSERTION)
    twice = bake_ob2_png(once, {**ASSERTION, "issuedOn": "2026-02-01T00:00:00+00:00"})
    assert _itxt_keywords(twice) == [b"openbadges"]
    assert extract(twice).credential["issuedOn"] == "2026-02-01T00:00:00+00:00"  # type: ignore[index]


def test_baking_ob2_next_to_an_ob3_credential_keeps_both_and_ob3_wins_on_extraction() -> None:
    ob3 = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1"}
    both = bake_ob2_png(bake_png(_png(), ob3), ASSERTION)
    assert sorted(_itxt_keywords(both)) == [b"openbadgecredential", b"openbadges"]
    assert extract(both).version == "ob3"


def test_it_refuses_to_bake_something_that_is_not_an_assertion() -> None:
    with pytest.raises(errors.BakingError):
        bake_ob2_png(_png(), "not a url, not a jws")
    with pytest.raises(errors.ImageMalformed):
        bake_ob2_png(b"\x89PNG\r\n\x1a\n" + b"junk", ASSERTION)
