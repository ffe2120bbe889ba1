"""Colour arithmetic from WCAG 2.2: relative luminance and contrast ratio.

WCAG 2.2, "relative luminance" and "contrast ratio" definitions (Understanding SC 1.4.3).
The sRGB linearisation threshold is 0.04045 (IEC 61966-2-1); WCAG's note quotes 0.03928 from
an older draft, and the two give identical results for 8-bit channels, so we use the sRGB one.
"""

from __future__ import annotations

import re

from credstack.problems import InvalidInput

_HEX = re.compile(r"#[0-9a-fA-F]{6}")

#: WCAG 2.2 SC 1.4.3 (text, level AA) and SC 1.4.11 (graphical objects).
TEXT_CONTRAST_MIN = 4.5
GRAPHIC_CONTRAST_MIN = 3.0

WHITE = "#FFFFFF"
INK = "#161A1D"


def parse_hex(value: str) -> tuple[int, int, int]:
    """``"#1F4E79"`` → ``(31, 78, 121)``; anything but ``#RRGGBB`` raises ``BAD_COLOUR``."""
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise InvalidInput(
            f"{value!r} is not a colour: write it as #RRGGBB, e.g. #1F4E79.", code="BAD_COLOUR"
        )
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def normalise_hex(value: str) -> str:
    """Upper-case ``#RRGGBB`` so equal colours compare and hash equal."""
    parse_hex(value)
    return value.upper()


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance: 0 for black, 1 for white."""
    r, g, b = parse_hex(colour)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.2 contrast ratio ``(L1 + 0.05) / (L2 + 0.05)``, from 1.0 to 21.0."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: str) -> str:
    """White or near-black, whichever contrasts more with ``background``; pure black if needed.

    White or pure black always reaches 4.5:1 (the worst background, a mid-grey, still gives
    ~4.58:1 against black), so automatic text colours never fail the contrast check; the softer
    near-black is used whenever it passes too.
    """
    best = max((WHITE, INK), key=lambda colour: contrast_ratio(colour, background))
    return best if contrast_ratio(best, background) >= TEXT_CONTRAST_MIN else "#000000"


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way toward ``other``, as ``#RRGGBB``."""
    a, b = parse_hex(colour), parse_hex(other)
    channels = (round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02X}" for c in channels)
