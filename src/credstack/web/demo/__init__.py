"""The demo institution: ``credstack load_demo`` runs each app's builder, in order, in one transaction.

Each app owns a module here with ``def build(ctx: DemoContext) -> None``. To add yours, create
``credstack/web/demo/<app>.py`` and append its name to ``BUILDERS``: later builders find what
earlier ones made in the context (``ctx.organisations["northbridge"]``, ``ctx.users["designer"]``)
and may add their own things to ``ctx.extra``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from credstack.accounts.models import Organisation, User

# The builders, in the order they run. Append yours (a module name under credstack.web.demo).
BUILDERS: list[str] = [
    "accounts",
    "skills",
    "catalog",
    "learning",
    "assessment",
    "design",
    "issuance",
    "integrations",
]

DEMO_ORGANISATION_SLUG = "northbridge"
DEMO_PASSWORD = "northbridge-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    what: str  # the role(s) or "learner", as people should read it


@dataclass
class DemoContext:
    """What the builders have made so far, shared from one builder to the next."""

    password: str = DEMO_PASSWORD
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def institution(self) -> Organisation:
        return self.organisations[DEMO_ORGANISATION_SLUG]


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).exists()


def load(builders: list[str] | None = None) -> DemoContext:
    """Run every builder in one transaction: the demo appears whole or not at all."""
    ctx = DemoContext()
    with transaction.atomic():
        for name in BUILDERS if builders is None else builders:
            module = importlib.import_module(f"{__name__}.{name}")
            module.build(ctx)
    return ctx


def saved_logins() -> DemoContext:
    """The demo logins of an already-loaded demo, read back from its accounts."""
    ctx = DemoContext()
    staff = User.objects.filter(memberships__isnull=False).distinct().order_by("id")
    for user in staff.prefetch_related("memberships__organisation"):
        if not user.has_usable_password():
            continue
        roles = ", ".join(
            f"{m.get_role_display().lower()} at {m.organisation.name}"
            for m in user.memberships.all()
        )
        ctx.logins.append(DemoLogin(user.username, str(user), roles))
    for user in User.objects.filter(username__startswith="learner").order_by("id"):
        ctx.logins.append(DemoLogin(user.username, str(user), "learner"))
    return ctx


def logins_table(ctx: DemoContext) -> str:
    """The demo logins as a plain-text table, for the terminal."""
    rows = [("username", "name", "what they do")] + [
        (x.username, x.name, x.what) for x in ctx.logins
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [line]
    for n, row in enumerate(rows):
        out.append("|".join(f" {cell.ljust(widths[i])} " for i, cell in enumerate(row)))
        if n == 0:
            out.append(line)
    out.append(line)
    out.append(f"Every demo account's password: {ctx.password}")
    return "\n".join(out)
