"""The skill-domain icons: simple line drawings on a 24 x 24 grid, stroked, never filled.

Drawn for credstack (no third-party artwork), so they can be embedded in every badge and
baked credential without a licence question.
"""

from __future__ import annotations

from typing import Final

ICONS: Final[dict[str, str]] = {
    # A bar chart on a baseline.
    "data": "M3.5 20.5h17 M7 17v-5 M12 17V6 M17 17v-8",
    # Angle brackets around a slash: code.
    "software": "M8 7l-5 5 5 5 M16 7l5 5-5 5 M13.5 4.5l-3 15",
    # A shield with a tick.
    "security": "M12 3l7.5 3v5.5c0 4.6-3.1 8.1-7.5 9.9-4.4-1.8-7.5-5.3-7.5-9.9V6z M8.5 12.2l2.5 2.5 4.5-4.7",
    # Two people side by side.
    "collaboration": (
        "M9 11.5a3.2 3.2 0 1 0 0-6.4 3.2 3.2 0 0 0 0 6.4z M2.8 20.5c0-3.6 2.8-6.2 6.2-6.2"
        "s6.2 2.6 6.2 6.2 M15.5 5.3a3.2 3.2 0 0 1 0 6.1 M17.6 14.6c2.1.7 3.6 2.9 3.6 5.9"
    ),
    # A briefcase: professional practice.
    "professional": "M3.5 8h17v11.5h-17z M9 8V5.2h6V8 M3.5 13h17 M11 13v2h2v-2",
    # A five-pointed star: any other achievement.
    "generic": "M12 3.2l2.7 5.5 6 .9-4.35 4.25 1.03 6L12 17l-5.38 2.85 1.03-6L3.3 9.6l6-.9z",
}

LABELS: Final[dict[str, str]] = {
    "data": "Data and analytics",
    "software": "Software and technology",
    "security": "Security and privacy",
    "collaboration": "Collaboration and communication",
    "professional": "Professional practice",
    "generic": "General achievement",
}

# Words in a skill domain's title that pick its icon, checked in this order (the first icon
# with a matching word wins, so "data security" reads as security, the narrower domain).
_KEYWORDS: Final[list[tuple[str, tuple[str, ...]]]] = [
    ("security", ("secur", "cyber", "privacy", "risk", "safety", "protect")),
    ("data", ("data", "analytic", "statistic", "machine learning", "ai ", "insight")),
    ("software", ("software", "program", "develop", "cloud", "web", "comput", "digital", "tech")),
    (
        "collaboration",
        ("collaborat", "team", "communicat", "leader", "people", "interpersonal", "community"),
    ),
    ("professional", ("professional", "practice", "ethic", "management", "business", "workplace")),
]


def icon_for_domain(domain_titles: list[str]) -> str:
    """The icon for a credential's skill domains (their titles), ``generic`` when none matches."""
    text = " " + " ".join(domain_titles).lower() + " "
    for icon, words in _KEYWORDS:
        if any(word in text for word in words):
            return icon
    return "generic"
