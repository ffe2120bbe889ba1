"""Badge images: valid SVG and PNG, accessible labels, shapes from levels, icons from domains."""

from __future__ import annotations

import io

import defusedxml.ElementTree as ET
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from credstack.design.badge import BadgeSpec, render_png, render_svg
from credstack.design.badge.icons import icon_for_domain
from credstack.design.badge.shapes import rings_for_level, shape_for_level
from credstack.design.badge.spec import MIN_TEXT_UNITS, layout
from credstack.design.services import badge_spec, resolve_spec
from credstack.design.services.resolve import STACK_FAMILIES, DesignChoices, stack_family
from credstack.skills.models import Alignment, Framework, FrameworkItem

SVG = "{http://www.w3.org/2000/svg}"


def spec(**overrides) -> BadgeSpec:
    values = dict(
        title="Data Analysis Fundamentals",
        subtitle="EQF level 5",
        issuer_label="Northbridge Institute of Technology",
        alt_text="Data Analysis Fundamentals badge from Northbridge",
        description="Clean and chart data.",
        shape="hexagon",
        rings=2,
        icon="data",
        body_colour="#1F4E79",
        ring_colour="#0F766E",
        ribbon_colour="#F2A900",
        text_colour="#FFFFFF",
        ribbon_text_colour="#161A1D",
    )
    values.update(overrides)
    return BadgeSpec(**values)


def test_the_svg_is_an_accessible_image_labelled_by_its_alt_text():
    root = ET.fromstring(render_svg(spec()))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "badge-title badge-desc"
    assert root.find(f"{SVG}title").text == "Data Analysis Fundamentals badge from Northbridge"
    assert root.find(f"{SVG}desc").text == "Clean and chart data."
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Data Analysis" in " ".join(texts)
    assert "EQF LEVEL 5" in texts


def test_it_escapes_markup_in_titles():
    svg = render_svg(spec(title="R&D <script>alert(1)</script>", alt_text='"quoted" & <b>'))
    assert "<script>" not in svg
    ET.fromstring(svg)


def test_the_png_is_a_512_pixel_square_rendered_from_the_svg():
    png = render_png(render_svg(spec()))
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (512, 512)
        # The body colour is drawn at the centre-left of the badge (not a blank canvas).
        assert image.convert("RGB").getpixel((100, 160)) == (0x1F, 0x4E, 0x79)


@pytest.mark.parametrize("size", [0, 15, 4096])
def test_it_refuses_png_sizes_outside_the_supported_range(size):
    with pytest.raises(ValueError):
        render_png(render_svg(spec()), size=size)


def test_every_text_line_is_at_least_twelve_pixels_at_256():
    for block in layout(
        spec(title="A deliberately long title that needs three lines on the badge")
    ):
        assert block.size >= MIN_TEXT_UNITS
        assert block.px_at_256 >= 12


def test_a_title_too_long_to_fit_is_truncated_and_flagged():
    [title, *_] = layout(spec(title=" ".join(["Interdisciplinary"] * 12)))
    assert title.fits is False
    assert title.lines[-1].endswith("\u2026")


@pytest.mark.parametrize(
    ("rank", "shape", "rings"),
    [
        (None, "circle", 1),
        (1, "circle", 1),
        (2, "circle", 2),
        (3, "hexagon", 1),
        (6, "shield", 2),
        (8, "rosette", 2),
    ],
)
def test_the_level_decides_shape_and_rings(rank, shape, rings):
    assert shape_for_level(rank) == shape
    assert rings_for_level(rank) == rings


@pytest.mark.parametrize(
    ("domains", "icon"),
    [
        (["Data and Analytics"], "data"),
        (["Software Engineering"], "software"),
        (["Data Security"], "security"),
        (["Teamwork and Communication"], "collaboration"),
        (["Professional Practice"], "professional"),
        (["Horticulture"], "generic"),
        ([], "generic"),
    ],
)
def test_the_skill_domain_picks_the_icon(domains, icon):
    assert icon_for_domain(domains) == icon


def test_a_credential_badge_follows_its_taxonomy_brand_and_stack(credential, stacked, org):
    framework = Framework.objects.create(organisation=org, title="Digital skills", slug="digital")
    domain = FrameworkItem.objects.create(
        framework=framework, kind="domain", code="D1", title="Data and analytics"
    )
    skill = FrameworkItem.objects.create(
        framework=framework, kind="skill", code="D1.1", title="Chart data", parent=domain
    )
    Alignment.objects.create(credential=credential, item=skill)
    resolved = badge_spec(credential)
    assert resolved.shape == "shield"  # EQF 5
    assert resolved.icon == "data"
    assert resolved.body_colour == org.brand_primary.upper()
    assert resolved.ribbon_colour == org.brand_secondary.upper()
    assert resolved.ring_colour == STACK_FAMILIES[stack_family("applied-data")]
    assert resolved.subtitle == "EQF level 5"
    assert "Applied Data" in resolved.description


def test_the_issuer_logo_is_re_encoded_and_embedded(credential, org):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), "#C8102E").save(buffer, format="JPEG")
    org.logo = SimpleUploadedFile("logo.jpg", buffer.getvalue(), content_type="image/jpeg")
    org.save()
    resolved = resolve_spec(credential, DesignChoices())
    assert resolved.logo_png is not None and resolved.logo_png.startswith(b"\x89PNG")
    assert 'href="data:image/png;base64,' in render_svg(resolved)


def test_an_unreadable_logo_is_left_out_rather_than_breaking_the_badge(credential, org):
    org.logo = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    org.save()
    resolved = resolve_spec(credential, DesignChoices())
    assert resolved.logo_png is None
    assert "<image" not in render_svg(resolved)
