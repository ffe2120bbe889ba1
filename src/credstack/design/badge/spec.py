"""What a badge shows, resolved and validated, and how its text is laid out.

A :class:`BadgeSpec` is built by the design services from the credential, its taxonomy, the
issuer's brand and the designer's overrides. :func:`layout` places the text; the SVG renderer
and the accessibility checks both read the same :class:`TextBlock` list, so what is checked is
exactly what is drawn.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .colour import mix, normalise_hex
from .icons import ICONS
from .shapes import SHAPES, TITLE_WIDTH
from .text import fit

CANVAS = 512
#: WCAG has no minimum size; we require 12 px at a 256 px render, the smallest size a badge is
#: commonly shown at (LinkedIn, wallets), which is 24 units on the 512-unit canvas.
MIN_TEXT_PX_AT_256 = 12
MIN_TEXT_UNITS = MIN_TEXT_PX_AT_256 * CANVAS // 256


@dataclass(frozen=True)
class BadgeSpec:
    title: str
    subtitle: str
    issuer_label: str
    alt_text: str
    description: str
    shape: str
    rings: int
    icon: str
    body_colour: str
    ring_colour: str
    ribbon_colour: str
    text_colour: str
    ribbon_text_colour: str
    logo_png: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.shape not in SHAPES:
            raise ValueError(f"unknown shape {self.shape!r}")
        if self.icon not in ICONS:
            raise ValueError(f"unknown icon {self.icon!r}")
        for name in (
            "body_colour",
            "ring_colour",
            "ribbon_colour",
            "text_colour",
            "ribbon_text_colour",
        ):
            object.__setattr__(self, name, normalise_hex(getattr(self, name)))

    @property
    def medallion_colour(self) -> str:
        """The disc behind the icon: the body colour moved a little toward the text colour."""
        return mix(self.body_colour, self.text_colour, 0.16)

    def digest(self) -> str:
        """A stable hash of everything drawn: the cache key of the rendered images."""
        data = asdict(self)
        logo = data.pop("logo_png")
        data["logo"] = hashlib.sha256(logo).hexdigest() if logo else None
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class TextBlock:
    role: str  # "title", "subtitle", "issuer"
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    size: int
    weight: str
    baselines: tuple[float, ...]
    centre_x: float
    colour: str
    background: str
    fits: bool

    @property
    def px_at_256(self) -> float:
        return self.size * 256 / CANVAS


TITLE_TOP, TITLE_BOTTOM = 204.0, 326.0
SUBTITLE_BASELINE = 362.0
RIBBON_TOP, RIBBON_BOTTOM = 380.0, 450.0
RIBBON_LEFT, RIBBON_RIGHT = 40.0, 472.0
LOGO_SIZE = 52.0


def _baselines(count: int, size: int, top: float, bottom: float) -> tuple[float, ...]:
    """Baselines of ``count`` lines centred vertically in [top, bottom] (cap height ≈ 0.73 em)."""
    step = size * 1.15
    block = step * (count - 1) + size * 0.73
    first = top + (bottom - top - block) / 2 + size * 0.73
    return tuple(round(first + i * step, 1) for i in range(count))


def ribbon_text_box(spec: BadgeSpec) -> tuple[float, float]:
    """(centre x, width) of the ribbon's text area; the logo, when present, takes the left end."""
    left = RIBBON_LEFT + 24 + (LOGO_SIZE + 10 if spec.logo_png else 0)
    right = RIBBON_RIGHT - 24
    return (left + right) / 2, right - left


def layout(spec: BadgeSpec) -> list[TextBlock]:
    """Fit the title, subtitle and issuer label into their places on the badge."""
    blocks: list[TextBlock] = []
    title = fit(
        spec.title,
        max_width=TITLE_WIDTH[spec.shape],
        max_height=TITLE_BOTTOM - TITLE_TOP,
        sizes=range(46, MIN_TEXT_UNITS - 1, -2),
        max_lines=3,
    )
    blocks.append(
        TextBlock(
            "title",
            title.lines,
            title.widths,
            title.size,
            "bold",
            _baselines(len(title.lines), title.size, TITLE_TOP, TITLE_BOTTOM),
            256.0,
            spec.text_colour,
            spec.body_colour,
            title.fits,
        )
    )
    if spec.subtitle:
        sub = fit(
            spec.subtitle.upper(),
            max_width=TITLE_WIDTH[spec.shape] - 40,
            max_height=40,
            sizes=range(MIN_TEXT_UNITS, MIN_TEXT_UNITS - 1, -1),
            max_lines=1,
            weight="regular",
        )
        blocks.append(
            TextBlock(
                "subtitle",
                sub.lines,
                sub.widths,
                sub.size,
                "regular",
                (SUBTITLE_BASELINE,),
                256.0,
                spec.text_colour,
                spec.body_colour,
                sub.fits,
            )
        )
    centre, width = ribbon_text_box(spec)
    issuer = fit(
        spec.issuer_label,
        max_width=width,
        max_height=RIBBON_BOTTOM - RIBBON_TOP - 8,
        sizes=range(30, MIN_TEXT_UNITS - 1, -1),
        max_lines=2,
    )
    blocks.append(
        TextBlock(
            "issuer",
            issuer.lines,
            issuer.widths,
            issuer.size,
            "bold",
            _baselines(len(issuer.lines), issuer.size, RIBBON_TOP, RIBBON_BOTTOM),
            centre,
            spec.ribbon_text_colour,
            spec.ribbon_colour,
            issuer.fits,
        )
    )
    return blocks
