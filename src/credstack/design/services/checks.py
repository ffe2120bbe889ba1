"""Accessibility checks on a badge, run on the laid-out design, that can block publishing.

- Text contrast ≥ 4.5:1 for every text/background pair (WCAG 2.2 SC 1.4.3, level AA).
- The icon against its disc ≥ 3:1 (WCAG 2.2 SC 1.4.11, graphical objects).
- Alt text present (WCAG 2.2 SC 1.1.1) and the SVG labelled with it.
- Text at least 12 px when the badge is shown at 256 px, and no text truncated to fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from uuid import UUID

from credstack.catalog.models import MicroCredential

from ..badge import BadgeSpec, contrast_ratio
from ..badge.colour import GRAPHIC_CONTRAST_MIN, TEXT_CONTRAST_MIN
from ..badge.spec import MIN_TEXT_PX_AT_256, layout
from ..models import BadgeDesign
from .resolve import DesignChoices, resolve_spec

ROLE_NAMES = {"title": "title", "subtitle": "subtitle", "issuer": "issuer name"}
MIN_ALT_TEXT = 10


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Literal["block", "warn"]
    message: str
    data: dict[str, object] = field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return self.severity == "block"


@dataclass(frozen=True)
class ContrastPair:
    """One text or graphic colour over its background, as the designer page reports it."""

    label: str
    foreground: str
    background: str
    ratio: float
    minimum: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.minimum


def contrast_pairs(spec: BadgeSpec) -> list[ContrastPair]:
    """Every text/background pair in the drawn badge, and the icon on its disc."""
    pairs = [
        ContrastPair(
            f"{ROLE_NAMES[block.role].capitalize()} text",
            block.colour,
            block.background,
            round(contrast_ratio(block.colour, block.background), 2),
            TEXT_CONTRAST_MIN,
        )
        for block in layout(spec)
    ]
    pairs.append(
        ContrastPair(
            "Icon",
            spec.text_colour,
            spec.medallion_colour,
            round(contrast_ratio(spec.text_colour, spec.medallion_colour), 2),
            GRAPHIC_CONTRAST_MIN,
        )
    )
    return pairs


def check_spec(spec: BadgeSpec, *, alt_text: str) -> list[Finding]:
    """The findings for a resolved badge; ``alt_text`` is what the designer wrote (may be blank)."""
    findings: list[Finding] = []
    for pair in contrast_pairs(spec):
        if not pair.passes:
            findings.append(
                Finding(
                    "CONTRAST_TOO_LOW",
                    "block",
                    f"{pair.label} ({pair.foreground} on {pair.background}) has a contrast of "
                    f"{pair.ratio:.2f}:1; it needs at least {pair.minimum:g}:1.",
                    {"pair": pair.label, "ratio": pair.ratio, "minimum": pair.minimum},
                )
            )
    for block in layout(spec):
        name = ROLE_NAMES[block.role]
        if block.px_at_256 < MIN_TEXT_PX_AT_256:
            findings.append(
                Finding(
                    "TEXT_TOO_SMALL",
                    "block",
                    f"The {name} would be {block.px_at_256:g}px at a 256px badge; the minimum is "
                    f"{MIN_TEXT_PX_AT_256}px.",
                    {"role": block.role},
                )
            )
        if not block.fits:
            findings.append(
                Finding(
                    "TEXT_DOES_NOT_FIT",
                    "block",
                    f"The {name} is too long to fit at a readable size and would be cut short "
                    f"(“{' '.join(block.lines)}”). Write a shorter badge {name}.",
                    {"role": block.role},
                )
            )
    text = alt_text.strip()
    if not text:
        findings.append(
            Finding(
                "ALT_TEXT_MISSING",
                "block",
                "Write alt text: a sentence describing the badge for people using screen readers.",
            )
        )
    elif len(text) < MIN_ALT_TEXT:
        findings.append(
            Finding(
                "ALT_TEXT_TOO_SHORT",
                "warn",
                "The alt text is very short; say what the badge is for and who issues it.",
            )
        )
    return findings


def design_for(credential: MicroCredential) -> BadgeDesign | None:
    return BadgeDesign.objects.filter(credential_lineage=credential.lineage).first()


def design_for_many(lineages: list[UUID]) -> list[BadgeDesign]:
    return list(BadgeDesign.objects.filter(credential_lineage__in=lineages))


def check_badge(design: BadgeDesign, credential: MicroCredential | None = None) -> list[Finding]:
    """The accessibility findings of a saved design (for its lineage's current version)."""
    from .resolve import current_version

    credential = credential or current_version(design.credential_lineage)
    if credential is None:
        return [Finding("NO_CREDENTIAL", "block", "This design's credential no longer exists.")]
    choices = DesignChoices.of(design)
    return check_spec(resolve_spec(credential, choices), alt_text=choices.alt_text)


def badge_publish_blockers(credential: MicroCredential) -> list[str]:
    """Sentences saying why ``credential``'s badge may not be published; empty when it may.

    The catalogue's publish step calls this. Without a saved design the automatic badge is
    checked with its suggested alt text, so a product whose automatic badge is accessible
    publishes without a visit to the designer; a saved design is checked as saved.
    """
    design = design_for(credential)
    choices = DesignChoices.of(design)
    spec = resolve_spec(credential, choices)
    alt_text = choices.alt_text if design is not None else spec.alt_text
    return [f.message for f in check_spec(spec, alt_text=alt_text) if f.blocks]
