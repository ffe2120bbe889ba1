"""Saving a badge design: validated input, the designer role, an audit entry, a new version."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, fields

from django.db import transaction

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Role, User
from credstack.accounts.permissions import require_role
from credstack.catalog.models import MicroCredential
from credstack.problems import InvalidInput

from ..badge.icons import ICONS
from ..badge.shapes import SHAPES
from ..models import BadgeDesign
from .checks import design_for
from .resolve import DesignChoices

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
LIMITS = {"badge_title": 120, "subtitle": 40, "issuer_label": 80, "alt_text": 300}
COLOURS = ("primary_colour", "secondary_colour", "accent_colour", "text_colour")


def parse_choices(data: Mapping[str, object], *, require_alt_text: bool) -> DesignChoices:
    """Validate submitted design fields; every problem is listed with its field and a code.

    Raises ``InvalidInput`` (code ``BAD_DESIGN``) whose ``errors`` name each bad field, e.g.
    ``{"field": "primary_colour", "code": "BAD_COLOUR", "message": ...}``.
    """
    errors: list[dict[str, object]] = []
    values: dict[str, str] = {}
    for f in fields(DesignChoices):
        raw = data.get(f.name, "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            errors.append({"field": f.name, "code": "NOT_TEXT", "message": "Enter text."})
            continue
        values[f.name] = " ".join(raw.split()) if f.name not in COLOURS else raw.strip()
    for name in COLOURS:
        value = values.get(name, "")
        if value and not _HEX.fullmatch(value):
            errors.append(
                {
                    "field": name,
                    "code": "BAD_COLOUR",
                    "message": "Enter a colour as #RRGGBB, e.g. #1F4E79.",
                }
            )
        elif value:
            values[name] = value.upper()
    if values.get("shape") and values["shape"] not in SHAPES:
        errors.append(
            {"field": "shape", "code": "BAD_SHAPE", "message": "Choose one of the shapes listed."}
        )
    if values.get("icon") and values["icon"] not in ICONS:
        errors.append(
            {"field": "icon", "code": "BAD_ICON", "message": "Choose one of the icons listed."}
        )
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors.append(
                {
                    "field": name,
                    "code": "TOO_LONG",
                    "message": f"Keep this under {limit} characters.",
                }
            )
    if require_alt_text and not values.get("alt_text"):
        errors.append(
            {
                "field": "alt_text",
                "code": "ALT_TEXT_REQUIRED",
                "message": "Describe the badge for people who cannot see it.",
            }
        )
    if errors:
        raise InvalidInput("The badge design has errors.", code="BAD_DESIGN", errors=errors)
    return DesignChoices(**values)


@transaction.atomic
def save_design(actor: User, credential: MicroCredential, choices: DesignChoices) -> BadgeDesign:
    """Create or update the badge design of ``credential``'s lineage (designers only).

    Each save increments ``version`` (which renames the cached images) and writes the audit
    entry ``design.badge.saved`` with the fields before and after.
    """
    require_role(actor, credential.organisation_id, Role.DESIGNER)
    if not choices.alt_text.strip():
        raise InvalidInput("Alt text is required.", code="ALT_TEXT_REQUIRED")
    existing = design_for(credential)
    design = (
        BadgeDesign.objects.select_for_update().get(pk=existing.pk)
        if existing is not None
        else BadgeDesign(
            organisation=credential.organisation, credential_lineage=credential.lineage, version=0
        )
    )
    before = snapshot(design) if existing is not None else None
    for name, value in asdict(choices).items():
        setattr(design, name, value)
    design.version += 1
    design.updated_by = actor
    design.full_clean()
    design.save()
    record(
        actor,
        "design.badge.saved",
        design,
        organisation=credential.organisation,
        before=before,
        after=snapshot(design),
    )
    return design
