"""Demo badge designs: every Northbridge micro-credential gets a design with written alt text.

Most keep the automatic badge (shape from the level, colours from the brand and stack, icon
from the skill domain); a few show what designers change: a shorter badge title, a subtitle,
a different shape. Runs after the catalogue and before issuance, so issued demo credentials
point at finished badges.
"""

from __future__ import annotations

from credstack.accounts.models import Role
from credstack.accounts.permissions import has_role
from credstack.catalog.models import MicroCredential
from credstack.design.services import DesignChoices, badge_spec, save_design

from . import DemoContext

# Per product code: what a designer changed on purpose (the rest stays automatic).
OVERRIDES: dict[str, dict[str, str]] = {
    "DATA-101": {"subtitle": "Foundation"},
    "CLOUD-201": {"shape": "hexagon"},
}


def build(ctx: DemoContext) -> None:
    designer = ctx.users.get("designer") or next(
        (
            u
            for u in ctx.users.values()
            if has_role(u, ctx.institution, Role.DESIGNER) and u.is_active
        ),
        None,
    )
    if designer is None:
        return
    latest: dict[object, MicroCredential] = {}
    for credential in MicroCredential.objects.filter(organisation=ctx.institution).order_by(
        "-version"
    ):
        latest.setdefault(credential.lineage, credential)
    for credential in latest.values():
        spec = badge_spec(credential)
        choices = DesignChoices(
            **OVERRIDES.get(credential.code.upper(), {}), alt_text=spec.alt_text
        )
        save_design(designer, credential, choices)
    ctx.extra["badge_designs"] = len(latest)
