"""The constellation map: a server-rendered SVG of stacks, credentials and their routes.

The guide likens a credentials taxonomy to a constellation that "gives a sense of scale and
connects the parts". Stacks are columns (a credential sits in the column of its first stack;
the rest share a "Not in a stack" column), external awards a final column. Nodes are filled by
level (light to dark) and outlined by status; dashed grey lines are prerequisites, solid blue
arrows are pathways. Every node has a <title> for hover and screen readers, and the page
prints the same content as a table (the text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .analysis import PathwayAnalysis

MAP_LIMIT = 400  # nodes drawn; beyond this a map stops being readable, the table lists all
COLUMN_WIDTH = 230
NODE_WIDTH = 190
NODE_HEIGHT = 40
ROW_GAP = 12
TOP = 70
LEFT = 20

# Fill per level rank (1-8): a sequential palette, readable text colour for each.
LEVEL_FILLS = {
    None: ("#f2f2f2", "#1a1a1a"),
    1: ("#eef5fb", "#1a1a1a"),
    2: ("#d6e7f5", "#1a1a1a"),
    3: ("#b5d3ec", "#1a1a1a"),
    4: ("#8bbadf", "#1a1a1a"),
    5: ("#5b9bd0", "#ffffff"),
    6: ("#3a7dba", "#ffffff"),
    7: ("#245f97", "#ffffff"),
    8: ("#143f6b", "#ffffff"),
}
# Outline per status: colour, dash pattern (published is solid and heavier).
STATUS_STROKES = {
    "draft": ("#6b6b6b", "4 3"),
    "in_review": ("#b35c00", "2 2"),
    "approved": ("#1e7b34", ""),
    "published": ("#0b2e4f", ""),
}
STATUS_LABELS = {
    "draft": "Draft",
    "in_review": "In review",
    "approved": "Approved",
    "published": "Published",
}


@dataclass
class Placement:
    x: int
    y: int


@dataclass
class ConstellationMap:
    svg: str
    columns: list[tuple[str, list[int]]]  # (column heading, credential ids) — the text alternative
    awards: list[str]
    drawn: int
    total: int


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node(
    x: int, y: int, label: str, caption: str, title: str, colours: tuple[str, str, str, str]
) -> str:
    """A box with a bold first line (the code) and a clipped second line (the title)."""
    fill, ink, stroke, dash = colours
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    width = 2.5 if not dash else 1.5
    return (
        f'<g class="node"><title>{escape(title)}</title>'
        f'<rect x="{x}" y="{y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash_attr}/>'
        f'<text x="{x + 8}" y="{y + 16}" fill="{ink}" font-size="12" font-weight="700">'
        f"{escape(_clip(label, 26))}</text>"
        f'<text x="{x + 8}" y="{y + 32}" fill="{ink}" font-size="11">{escape(_clip(caption, 30))}</text></g>'
    )


def _edge(a: Placement, b: Placement, *, dashed: bool) -> str:
    x1, y1 = a.x + NODE_WIDTH, a.y + NODE_HEIGHT // 2
    x2, y2 = b.x, b.y + NODE_HEIGHT // 2
    if x2 <= x1:  # same column or backwards: loop round the right-hand side
        x2 = b.x + NODE_WIDTH
        bend = max(x1, x2) + 40
        path = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}"
    else:
        mid = (x1 + x2) // 2
        path = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
    if dashed:
        return f'<path d="{path}" class="edge prerequisite" fill="none" stroke="#8a8a8a" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#arrow-grey)"/>'
    return f'<path d="{path}" class="edge pathway" fill="none" stroke="#1f5fa8" stroke-width="2" marker-end="url(#arrow-blue)"/>'


def render_constellation(analysis: PathwayAnalysis, *, limit: int = MAP_LIMIT) -> ConstellationMap:
    """Lay out and draw ``analysis`` as SVG (at most ``limit`` credential nodes)."""
    columns: list[tuple[str, list[int]]] = []
    column_of_stack: dict[int, int] = {}
    stack_of_column: dict[int, int] = {}
    for stack in analysis.stacks.values():
        column_of_stack[stack.id] = len(columns)
        stack_of_column[len(columns)] = stack.id
        columns.append((stack.title, []))
    loose: list[int] = []
    for credential in analysis.credentials.values():
        if credential.stack_ids and credential.stack_ids[0] in column_of_stack:
            columns[column_of_stack[credential.stack_ids[0]]][1].append(credential.id)
        else:
            loose.append(credential.id)
    # Only as many columns as the node limit fills: a map of 10,000 credentials is unreadable,
    # and the table and the lists carry the rest.
    kept: list[tuple[str, list[int]]] = []
    kept_stacks: dict[int, int] = {}
    budget = limit
    for index, (heading, ids) in enumerate(columns):
        if budget <= 0:
            break
        if not ids:
            continue
        if index in stack_of_column:
            kept_stacks[len(kept)] = stack_of_column[index]
        kept.append((heading, ids[:budget]))
        budget -= len(ids[:budget])
    if loose and budget > 0:
        kept.append(("Not in a stack", loose[:budget]))
    columns = kept
    awards = sorted({p.external_award for p in analysis.pathways if p.external_award})

    drawn = 0
    places: dict[int, Placement] = {}
    stack_places: dict[int, Placement] = {}
    parts: list[str] = []
    tallest = 0
    for index, (heading, ids) in enumerate(columns):
        x = LEFT + index * COLUMN_WIDTH
        parts.append(
            f'<text x="{x}" y="{TOP - 36}" font-size="14" font-weight="700" fill="#1a1a1a">'
            f"{escape(heading[:28])}</text>"
        )
        stack_id = kept_stacks.get(index)
        y = TOP - 20
        for credential_id in ids:
            if drawn >= limit:
                break
            node = analysis.credentials[credential_id]
            fill, ink = LEVEL_FILLS.get(node.level_rank, LEVEL_FILLS[None])
            stroke, dash = STATUS_STROKES.get(node.status, ("#6b6b6b", ""))
            level = f"level {node.level_rank}" if node.level_rank else "no level"
            status = STATUS_LABELS.get(node.status, node.status)
            title = f"{node.code} v{node.version}: {node.title} ({level}, {status})"
            parts.append(_node(x, y, node.code, node.title, title, (fill, ink, stroke, dash)))
            places[credential_id] = Placement(x, y)
            drawn += 1
            y += NODE_HEIGHT + ROW_GAP
        if stack_id is not None:
            # The stack's award closes its column; pathways from or to the stack meet it here.
            award = analysis.stacks[stack_id].award_title
            colours = ("#eaf5ec", "#1a1a1a", "#1e7b34", "")
            parts.append(
                _node(x, y, "Stack leads to", award, f"{heading} leads to {award}", colours)
            )
            stack_places[stack_id] = Placement(x, y)
            y += NODE_HEIGHT + ROW_GAP
        tallest = max(tallest, y)
    award_places: dict[str, Placement] = {}
    award_x = LEFT + len(columns) * COLUMN_WIDTH
    if awards:
        parts.append(
            f'<text x="{award_x}" y="{TOP - 36}" font-size="14" font-weight="700" fill="#1a1a1a">External awards</text>'
        )
        for i, award in enumerate(awards):
            y = TOP - 20 + i * (NODE_HEIGHT + ROW_GAP)
            award_places[award] = Placement(award_x, y)
            parts.append(
                _node(
                    award_x,
                    y,
                    "External award",
                    award,
                    award,
                    ("#fff7e0", "#1a1a1a", "#8a6d00", ""),
                )
            )
            tallest = max(tallest, y + NODE_HEIGHT + ROW_GAP)

    edges: list[str] = []
    for source, target in analysis.prerequisites:
        if source in places and target in places:
            edges.append(_edge(places[target], places[source], dashed=True))
    for p in analysis.pathways:
        start = places.get(p.from_credential or -1) or stack_places.get(p.from_stack or -1)
        end = (
            places.get(p.to_credential or -1)
            or stack_places.get(p.to_stack or -1)
            or award_places.get(p.external_award)
        )
        if start is not None and end is not None:
            edges.append(_edge(start, end, dashed=False))

    width = max(award_x + (COLUMN_WIDTH if awards else 0), 720)
    legend_y = tallest + 20
    legend = [
        f'<g class="legend" transform="translate({LEFT},{legend_y})">',
        '<text x="0" y="0" font-size="12" font-weight="700">Legend</text>',
        '<path d="M0,18 H40" stroke="#1f5fa8" stroke-width="2" marker-end="url(#arrow-blue)"/>'
        '<text x="48" y="22" font-size="12">pathway</text>',
        '<path d="M120,18 H160" stroke="#8a8a8a" stroke-width="1.5" stroke-dasharray="5 4"/>'
        '<text x="168" y="22" font-size="12">prerequisite</text>',
    ]
    for i, rank in enumerate(range(1, 9)):
        fill, ink = LEVEL_FILLS[rank]
        legend.append(
            f'<rect x="{i * 34}" y="34" width="30" height="20" fill="{fill}" stroke="#999"/>'
            f'<text x="{i * 34 + 11}" y="48" font-size="11" fill="{ink}">{rank}</text>'
        )
    legend.append('<text x="280" y="48" font-size="12">fill: level (1-8)</text>')
    for i, (status, (stroke, dash)) in enumerate(STATUS_STROKES.items()):
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        legend.append(
            f'<rect x="{i * 110}" y="64" width="24" height="16" fill="#fff" stroke="{stroke}" stroke-width="2"{dash_attr}/>'
            f'<text x="{i * 110 + 30}" y="77" font-size="12">{STATUS_LABELS[status]}</text>'
        )
    legend.append("</g>")
    height = legend_y + 100
    total = len(analysis.credentials)
    summary = (
        f"{total} credentials in {len(analysis.stacks)} stacks, {len(analysis.pathways)} pathways, "
        f"{len(analysis.prerequisites)} prerequisite links"
        + (f"; the first {drawn} are drawn" if drawn < total else "")
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="map-title map-desc" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="map-title">Constellation of credentials, stacks and pathways</title>'
        f'<desc id="map-desc">{escape(summary)}. The table after the map lists the same content.</desc>'
        "<defs>"
        '<marker id="arrow-blue" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f5fa8"/></marker>'
        '<marker id="arrow-grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a8a8a"/></marker>'
        "</defs>"
        '<rect width="100%" height="100%" fill="#ffffff"/>'
        + "".join(edges)
        + "".join(parts)
        + "".join(legend)
        + "</svg>"
    )
    return ConstellationMap(svg=svg, columns=columns, awards=awards, drawn=drawn, total=total)
