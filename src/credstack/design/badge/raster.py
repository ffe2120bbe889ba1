"""Rasterise our SVG to PNG with resvg (``resvg-py``: a self-contained wheel, no system libs).

See docs/decisions/0003-badge-rendering.md for why resvg and not CairoSVG or Pillow.
System fonts are skipped: the bundled Vera files are the only fonts, so a PNG renders the
same on every machine and matches the metrics the layout measured.
"""

from __future__ import annotations

import resvg_py

from .text import FONT_FILES

_FONTS = [str(path) for path in FONT_FILES.values()]


def render_png(svg: str, *, size: int = 512) -> bytes:
    """A ``size`` x ``size`` PNG of ``svg`` (one of our own badge SVGs)."""
    if not 16 <= size <= 2048:
        raise ValueError(f"badge PNG size {size} is outside 16..2048")
    data = resvg_py.svg_to_bytes(
        svg_string=svg,
        width=size,
        height=size,
        skip_system_fonts=True,
        font_files=_FONTS,
        font_family="Bitstream Vera Sans",
        sans_serif_family="Bitstream Vera Sans",
    )
    return bytes(data)
