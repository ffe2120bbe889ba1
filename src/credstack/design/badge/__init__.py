"""Badge artwork: pure functions from validated design parameters to SVG and PNG.

Nothing here touches the database; :mod:`credstack.design.services` resolves a credential's
taxonomy, brand and overrides into a :class:`~credstack.design.badge.spec.BadgeSpec` and this
package draws it. SVG is the source of truth; the PNG is the same SVG rasterised.
"""

from .colour import contrast_ratio, parse_hex, relative_luminance
from .raster import render_png
from .spec import BadgeSpec, TextBlock
from .svg import render_svg

__all__ = [
    "BadgeSpec",
    "TextBlock",
    "contrast_ratio",
    "parse_hex",
    "relative_luminance",
    "render_png",
    "render_svg",
]
