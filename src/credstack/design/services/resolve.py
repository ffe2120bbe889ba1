"""From a catalogue product to a :class:`BadgeSpec`: taxonomy, brand and the designer's choices.

Level → shape and rings; stack → the ring's colour family; skill domain → icon; the issuing
organisation → brand colours, logo and name; the :class:`BadgeDesign` overrides any of them.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, fields
from uuid import UUID

from PIL import Image, UnidentifiedImageError

from credstack.accounts.models import Organisation
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.catalog.services import where_it_leads
from credstack.skills.services import alignments_for

from ..badge import BadgeSpec
from ..badge.colour import readable_on
from ..badge.icons import LABELS, icon_for_domain
from ..badge.shapes import SHAPES, rings_for_level, shape_for_level
from ..models import BadgeDesign

log = logging.getLogger(__name__)

#: Colour families for stacks: every member of a stack wears the same ring colour, so a
#: learner's badges read as a set. Dark enough that white text would pass on each.
STACK_FAMILIES: dict[str, str] = {
    "teal": "#0F766E",
    "indigo": "#4338CA",
    "crimson": "#B4232A",
    "forest": "#1E6B3A",
    "plum": "#7A2E8E",
    "ocean": "#0B5C8E",
    "copper": "#9A4A12",
}

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 4096 * 4096
LOGO_PIXELS = 104  # twice the drawn size, for sharp rendering at 1024 px


@dataclass(frozen=True)
class DesignChoices:
    """The designer's overrides; empty strings mean "automatic"."""

    shape: str = ""
    icon: str = ""
    primary_colour: str = ""
    secondary_colour: str = ""
    accent_colour: str = ""
    text_colour: str = ""
    badge_title: str = ""
    subtitle: str = ""
    issuer_label: str = ""
    alt_text: str = ""

    @classmethod
    def of(cls, design: BadgeDesign | None) -> DesignChoices:
        if design is None:
            return cls()
        return cls(**{f.name: getattr(design, f.name) for f in fields(cls)})


def current_version(lineage: UUID | str) -> MicroCredential | None:
    """The version a lineage's badge shows: the published one, else the newest."""
    versions = MicroCredential.objects.filter(lineage=lineage).select_related(
        "organisation", "level__scale"
    )
    published = versions.filter(status=Lifecycle.PUBLISHED).order_by("-version").first()
    return published or versions.order_by("-version").first()


def stack_family(slug: str) -> str:
    """The colour family of a stack: a stable pick from :data:`STACK_FAMILIES` by its slug."""
    names = sorted(STACK_FAMILIES)
    return names[int(hashlib.sha256(slug.encode()).hexdigest(), 16) % len(names)]


def domain_titles(credential: MicroCredential) -> list[str]:
    """Titles of the top-level framework items (domains) the credential's skills sit under."""
    titles: list[str] = []
    for alignment in alignments_for(credential):
        item = alignment.item
        for _ in range(12):  # frameworks are a few levels deep; the bound guards bad data
            parent = item.parent
            if parent is None:
                break
            item = parent
        if item.title not in titles:
            titles.append(item.title)
    return titles


def load_logo(organisation: Organisation) -> bytes | None:
    """The organisation's logo re-encoded as a small PNG, or None (absent or unreadable).

    Uploaded files are never embedded as they are: Pillow decodes them (with size caps) and we
    embed a fresh PNG, so nothing active in an upload can reach the badge SVG.
    """
    if not organisation.logo:
        return None
    try:
        if organisation.logo.size > MAX_LOGO_BYTES:
            return None
        with organisation.logo.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_LOGO_PIXELS:
                return None
            picture = image.convert("RGBA")
        picture.thumbnail((LOGO_PIXELS, LOGO_PIXELS))
        out = io.BytesIO()
        picture.save(out, format="PNG", optimize=True)
        return out.getvalue()
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as e:
        log.warning("logo of organisation %s is unreadable: %s", organisation.pk, e)
        return None


def level_subtitle(credential: MicroCredential) -> str:
    if credential.level is None:
        return "Micro-credential"
    return f"{credential.level.scale.slug.upper()} level {credential.level.rank}"


def suggested_alt_text(
    credential: MicroCredential, spec_title: str, issuer: str, icon: str, shape: str
) -> str:
    """A plain description of the badge for screen readers, offered until a designer writes one."""
    return (
        f"{spec_title} badge from {issuer}: a {SHAPES[shape].lower()} with a "
        f"{LABELS[icon].lower()} icon, {level_subtitle(credential).lower()}."
    )


def resolve_spec(credential: MicroCredential, choices: DesignChoices) -> BadgeSpec:
    """Everything the badge of ``credential`` shows, with ``choices`` over the automatic design."""
    organisation = credential.organisation
    rank = credential.level.rank if credential.level else None
    shape = choices.shape or shape_for_level(rank)
    icon = choices.icon or icon_for_domain(domain_titles(credential))
    primary = choices.primary_colour or organisation.brand_primary
    secondary = choices.secondary_colour or organisation.brand_secondary
    stacks = where_it_leads(credential).stacks
    accent = choices.accent_colour or (
        STACK_FAMILIES[stack_family(stacks[0].slug)] if stacks else secondary
    )
    title = choices.badge_title or credential.title
    issuer = choices.issuer_label or organisation.name
    stack_note = f" Part of the {stacks[0].title} stack." if stacks else ""
    return BadgeSpec(
        title=title,
        subtitle=choices.subtitle or level_subtitle(credential),
        issuer_label=issuer,
        alt_text=choices.alt_text or suggested_alt_text(credential, title, issuer, icon, shape),
        description=f"{credential.short_description}{stack_note}",
        shape=shape,
        rings=rings_for_level(rank),
        icon=icon,
        body_colour=primary,
        ring_colour=accent,
        ribbon_colour=secondary,
        text_colour=choices.text_colour or readable_on(primary),
        ribbon_text_colour=readable_on(secondary),
        logo_png=load_logo(organisation),
    )
