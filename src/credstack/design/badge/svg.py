"""Draw a :class:`BadgeSpec` as SVG 1.1: the source of truth for every badge image.

Only our own validated parameters reach this module: colours are ``#RRGGBB``, shapes and icons
come from fixed tables, text is XML-escaped, and the logo is a PNG we re-encoded ourselves and
embed as a data URI. No user-supplied SVG is ever copied into a badge.
"""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape, quoteattr

from .colour import INK, mix
from .icons import ICONS
from .shapes import outline
from .spec import (
    CANVAS,
    LOGO_SIZE,
    RIBBON_BOTTOM,
    RIBBON_LEFT,
    RIBBON_RIGHT,
    RIBBON_TOP,
    BadgeSpec,
    TextBlock,
    layout,
)
from .text import FONT_FAMILY

ICON_CENTRE = (256.0, 138.0)
MEDALLION_RADIUS = 58.0
ICON_SCALE = 3.0  # the 24-unit icon grid drawn 72 units wide


def _text(block: TextBlock) -> str:
    weight = "bold" if block.weight == "bold" else "normal"
    out = []
    for line, width, baseline in zip(block.lines, block.widths, block.baselines, strict=True):
        out.append(
            f'<text x="{block.centre_x:.1f}" y="{baseline:.1f}" font-size="{block.size}" '
            f'font-weight="{weight}" textLength="{width:.1f}" lengthAdjust="spacingAndGlyphs" '
            f'fill="{block.colour}">{escape(line)}</text>'
        )
    return "".join(out)


def _ribbon(spec: BadgeSpec) -> str:
    shade = mix(spec.ribbon_colour, INK, 0.35)
    top, bottom, left, right = RIBBON_TOP, RIBBON_BOTTOM, RIBBON_LEFT, RIBBON_RIGHT
    drop, notch = 14.0, 16.0
    tails = (
        f'<path d="M{left + 26} {top + drop} H{left - 28} L{left - 28 + notch} {(top + bottom) / 2 + drop} '
        f'L{left - 28} {bottom + drop} H{left + 26} Z" fill="{shade}"/>'
        f'<path d="M{right - 26} {top + drop} H{right + 28} L{right + 28 - notch} {(top + bottom) / 2 + drop} '
        f'L{right + 28} {bottom + drop} H{right - 26} Z" fill="{shade}"/>'
    )
    band = (
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" rx="6" '
        f'fill="{spec.ribbon_colour}"/>'
    )
    logo = ""
    if spec.logo_png:
        x, y = left + 20, (top + bottom - LOGO_SIZE) / 2
        encoded = base64.b64encode(spec.logo_png).decode("ascii")
        logo = (
            f'<rect x="{x - 3}" y="{y - 3}" width="{LOGO_SIZE + 6}" height="{LOGO_SIZE + 6}" rx="8" fill="#FFFFFF"/>'
            f'<image x="{x}" y="{y}" width="{LOGO_SIZE}" height="{LOGO_SIZE}" '
            f'preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,{encoded}"/>'
        )
    return tails + band + logo


def render_svg(spec: BadgeSpec, *, id_prefix: str = "badge") -> str:
    """The badge as a standalone SVG document (UTF-8 text), 512 x 512 units.

    It is an accessible image: ``role="img"`` labelled by its ``<title>`` (the alt text) and
    described by its ``<desc>``. ``id_prefix`` keeps ids unique when several badges are inlined
    in one HTML page.
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    cx, cy = ICON_CENTRE
    icon_origin = (cx - 12 * ICON_SCALE, cy - 12 * ICON_SCALE)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{CANVAS}" height="{CANVAS}" '
        f'viewBox="0 0 {CANVAS} {CANVAS}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f"<title id={quoteattr(title_id)}>{escape(spec.alt_text)}</title>",
        f"<desc id={quoteattr(desc_id)}>{escape(spec.description)}</desc>",
        f'<path d="{outline(spec.shape, 248)}" fill="{spec.ring_colour}"/>',
        f'<path d="{outline(spec.shape, 222)}" fill="{spec.body_colour}"/>',
    ]
    if spec.rings >= 2:
        parts.append(
            f'<path d="{outline(spec.shape, 208)}" fill="none" stroke="{spec.ring_colour}" '
            f'stroke-width="4"/>'
        )
    parts.append(
        f'<circle cx="{cx}" cy="{cy}" r="{MEDALLION_RADIUS}" fill="{spec.medallion_colour}"/>'
        f'<g transform="translate({icon_origin[0]} {icon_origin[1]}) scale({ICON_SCALE})" fill="none" '
        f'stroke="{spec.text_colour}" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round">'
        f'<path d="{ICONS[spec.icon]}"/></g>'
    )
    blocks = layout(spec)
    parts.append(f'<g font-family="{FONT_FAMILY}" text-anchor="middle">')
    parts.extend(_text(b) for b in blocks if b.role != "issuer")
    parts.append("</g>")
    parts.append(_ribbon(spec))
    parts.append(f'<g font-family="{FONT_FAMILY}" text-anchor="middle">')
    parts.extend(_text(b) for b in blocks if b.role == "issuer")
    parts.append("</g></svg>")
    return "".join(parts)
