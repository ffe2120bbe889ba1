"""What outer apps add to the celebration page, without design depending on them.

Design is a domain app: it may not import integrations (import-linter contract "Domain apps do
not depend on the outer apps"). Integrations owns counted sharing and CLR 2.0 learner records,
so it registers a provider here from its ``AppConfig.ready()``; the celebration asks every
registered provider what to add for this visitor and award. With no provider registered the
page falls back to plain links, so design works on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from credstack.accounts.models import User
from credstack.issuance.models import Award


@dataclass(frozen=True, slots=True)
class ExtraDownload:
    """A further download for the earner: a link (``method`` get) or a form that creates it."""

    label: str
    action: str
    method: str = "get"
    fields: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class CelebrationExtras:
    """A provider's additions: where counted shares are posted, and further downloads."""

    share_action: str | None = None
    downloads: list[ExtraDownload] = field(default_factory=list)


Provider = Callable[[User | AnonymousUser, Award], CelebrationExtras]
_providers: dict[str, Provider] = {}


def register_celebration_extras(name: str, provider: Provider) -> None:
    """Add (or replace, by ``name``) a provider; called from an outer app's ``ready()``."""
    _providers[name] = provider


def celebration_extras(user: User | AnonymousUser, award: Award) -> CelebrationExtras:
    """Every registered provider's additions, merged (the first share endpoint wins)."""
    share_action: str | None = None
    downloads: list[ExtraDownload] = []
    for provider in _providers.values():
        extras = provider(user, award)
        share_action = share_action or extras.share_action
        downloads.extend(extras.downloads)
    return CelebrationExtras(share_action, downloads)
