"""The site's menu: which links each person sees, decided by their roles.

Each app adds one :class:`NavEntry` to ``ENTRIES`` for its section (a one-line edit). An entry
whose URL name does not exist yet (an app still being built) is skipped, so the menu never
breaks a page. ``roles`` are checked at the person's current organisation (the org switcher);
administrators hold every role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from credstack.accounts.models import Role
from credstack.accounts.permissions import has_role
from credstack.accounts.tenancy import current_organisation


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    # Any one of these roles at the current organisation shows the entry; empty means no role
    # is needed. Administrators see every staff entry.
    roles: tuple[str, ...] = ()
    login_required: bool = False
    # "learner" links are for everyone; "staff" links are grouped under a "Staff" heading.
    section: str = "learner"


ENTRIES: list[NavEntry] = [
    NavEntry("Catalogue", "catalog:list"),
    NavEntry("My learning", "learning:dashboard", login_required=True),
    NavEntry("Wallet", "interop:wallet", login_required=True),
    NavEntry(
        "Design", "catalog:admin_list", roles=(Role.DESIGNER, Role.QA_MANAGER), section="staff"
    ),
    NavEntry("Skills", "skills:framework_list", roles=(Role.DESIGNER,), section="staff"),
    NavEntry("Support queue", "learning:queue", roles=(Role.FACILITATOR,), section="staff"),
    NavEntry(
        "Assessment queue",
        "assessment:queue",
        roles=(Role.ASSESSOR, Role.INDUSTRY_ASSESSOR, Role.QA_MANAGER),
        section="staff",
    ),
    NavEntry(
        "Issuance",
        "issuance:dashboard",
        roles=(Role.BADGE_ISSUER, Role.QA_MANAGER),
        section="staff",
    ),
    NavEntry(
        "Insights", "insights:dashboard", roles=(Role.ANALYST, Role.FACILITATOR), section="staff"
    ),
    NavEntry("Audit log", "accounts:audit_log", roles=(Role.ANALYST,), section="staff"),
    NavEntry("Organisation", "accounts:organisation", roles=(Role.ADMINISTRATOR,), section="staff"),
]


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool
    section: str


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Menu:
    learner: list[NavLink]
    staff: list[NavLink]


def menu_for(request: HttpRequest) -> Menu:
    """The menu split into the learner links and the staff links."""
    links = links_for(request)
    return Menu(
        learner=[link for link in links if link.section != "staff"],
        staff=[link for link in links if link.section == "staff"],
    )


def links_for(request: HttpRequest, entries: list[NavEntry] | None = None) -> list[NavLink]:
    """The menu for this request, in ``ENTRIES`` order, with the current page marked."""
    user = request.user
    organisation = None
    links: list[NavLink] = []
    for entry in ENTRIES if entries is None else entries:
        if (entry.login_required or entry.roles) and not user.is_authenticated:
            continue
        if entry.roles:
            organisation = organisation or current_organisation(request)
            if organisation is None or not has_role(user, organisation, *entry.roles):
                continue
        url = _url(entry.url_name)
        if url is None:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        links.append(NavLink(entry.label, url, current, entry.section))
    return links
