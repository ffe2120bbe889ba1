"""Text on a badge: one bundled font, measured exactly, wrapped and fitted into a box.

The font is Bitstream Vera Sans, which ReportLab ships (reportlab/fonts, Bitstream Vera
licence): the PNG renderer loads the same file, so the PNG is drawn with the metrics we
measured. Browsers showing the SVG may substitute DejaVu Sans (a Vera derivative with the same
Latin metrics) or another sans-serif; every line carries ``textLength`` so a substitute is
stretched or squeezed to the measured width and never overflows the shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from PIL import ImageFont

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT_FILES = {"bold": FONT_DIR / "VeraBd.ttf", "regular": FONT_DIR / "Vera.ttf"}
FONT_FAMILY = "'Bitstream Vera Sans', 'DejaVu Sans', Verdana, sans-serif"
LINE_HEIGHT = 1.15
ELLIPSIS = "\u2026"


@cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[weight]), size)


def text_width(text: str, size: int, weight: str = "bold") -> float:
    """The advance width of ``text`` at ``size`` canvas units."""
    return float(_font(weight, size).getlength(text))


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: int
    widths: tuple[float, ...]
    fits: bool  # False when even the smallest size needed truncation


def _wrap(words: list[str], size: int, weight: str, max_width: float) -> list[str] | None:
    """Greedy word wrap; None when a single word is wider than the line."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, weight) <= max_width:
            current = candidate
            continue
        if not current or text_width(word, size, weight) > max_width:
            return None
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def _truncate(text: str, size: int, weight: str, max_width: float) -> str:
    while text and text_width(text + ELLIPSIS, size, weight) > max_width:
        text = text[:-1].rstrip()
    return text + ELLIPSIS


def fit(
    text: str,
    *,
    max_width: float,
    max_height: float,
    sizes: range,
    max_lines: int,
    weight: str = "bold",
) -> Fitted:
    """The largest size in ``sizes`` (tried from the first) at which ``text`` wraps into the box.

    When nothing fits, the text is set at the last (smallest) size and truncated with an
    ellipsis, and ``fits`` is False so the accessibility check can refuse it.
    """
    words = text.split()
    for size in sizes:
        allowed = min(max_lines, int(max_height // (size * LINE_HEIGHT)))
        lines = _wrap(words, size, weight, max_width) if allowed else None
        if lines is not None and len(lines) <= allowed:
            widths = tuple(text_width(line, size, weight) for line in lines)
            return Fitted(tuple(lines), size, widths, True)
    size = sizes[-1]
    allowed = max(1, min(max_lines, int(max_height // (size * LINE_HEIGHT))))
    lines = []
    remaining = words
    while remaining and len(lines) < allowed:
        line = ""
        while remaining and text_width(f"{line} {remaining[0]}".strip(), size, weight) <= max_width:
            line = f"{line} {remaining.pop(0)}".strip()
        if not line:  # one word wider than the line
            line = remaining.pop(0)
        lines.append(line)
    if remaining or any(text_width(line, size, weight) > max_width for line in lines):
        lines[-1] = _truncate(" ".join([lines[-1], *remaining]), size, weight, max_width)
        lines = [
            line
            if text_width(line, size, weight) <= max_width
            else _truncate(line, size, weight, max_width)
            for line in lines
        ]
    widths = tuple(text_width(line, size, weight) for line in lines)
    return Fitted(tuple(lines), size, widths, False)
