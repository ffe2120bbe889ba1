"""Badge outlines, chosen from the credential's level in the taxonomy.

Each outline is defined on a unit square centred on the origin and scaled to a radius, so the
ring (outer) and body (inner) are the same shape at two sizes.
"""

from __future__ import annotations

import math
from typing import Final

SHAPES: Final[dict[str, str]] = {
    "circle": "Circle",
    "hexagon": "Hexagon",
    "shield": "Shield",
    "rosette": "Rosette",
}

CENTRE = 256.0

# Widest line of title text that stays inside each body shape, in canvas units.
TITLE_WIDTH: Final[dict[str, float]] = {
    "circle": 340.0,
    "hexagon": 330.0,
    "shield": 300.0,
    "rosette": 330.0,
}


def shape_for_level(rank: int | None) -> str:
    """Foundation levels are circles; the shape gains corners as the level rises.

    Ranks follow a 1-8 scale such as the EQF: 1-2 circle, 3-4 hexagon, 5-6 shield, 7+ rosette.
    No level (a credential outside any scale) is a circle.
    """
    if rank is None or rank <= 2:
        return "circle"
    if rank <= 4:
        return "hexagon"
    if rank <= 6:
        return "shield"
    return "rosette"


def rings_for_level(rank: int | None) -> int:
    """The upper level of each pair gets a second, inner ring: 1 ring for odd ranks, 2 for even."""
    if rank is None:
        return 1
    return 2 if rank % 2 == 0 else 1


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _polygon(points: list[tuple[float, float]]) -> str:
    head, *tail = points
    return "M" + " L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in [head, *tail]) + " Z"


def outline(shape: str, radius: float) -> str:
    """SVG path data for ``shape`` at ``radius`` around the canvas centre."""
    c = CENTRE
    if shape == "circle":
        rr = _fmt(radius)
        return (
            f"M{_fmt(c - radius)} {_fmt(c)} a{rr} {rr} 0 1 0 {_fmt(2 * radius)} 0 "
            f"a{rr} {rr} 0 1 0 {_fmt(-2 * radius)} 0 Z"
        )
    if shape == "hexagon":
        return _polygon(
            [
                (
                    c + radius * math.cos(math.radians(-90 + 60 * k)),
                    c + radius * math.sin(math.radians(-90 + 60 * k)),
                )
                for k in range(6)
            ]
        )
    if shape == "rosette":
        points = []
        for k in range(48):
            r = radius if k % 2 == 0 else radius * 0.93
            angle = math.radians(-90 + 7.5 * k)
            points.append((c + r * math.cos(angle), c + r * math.sin(angle)))
        return _polygon(points)
    if shape == "shield":

        def p(x: float, y: float) -> str:
            return f"{_fmt(c + x * radius)} {_fmt(c + y * radius)}"

        return (
            f"M{p(-0.86, -0.9)} L{p(0.86, -0.9)} L{p(0.86, 0.08)} "
            f"C{p(0.86, 0.55)} {p(0.45, 0.86)} {p(0, 1.0)} "
            f"C{p(-0.45, 0.86)} {p(-0.86, 0.55)} {p(-0.86, 0.08)} Z"
        )
    raise ValueError(f"unknown badge shape {shape!r}")
