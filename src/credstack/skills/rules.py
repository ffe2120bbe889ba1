"""The rules a framework's items obey, in one place so models, forms and importers agree.

* Kinds nest domain → capability → skill. A domain is always a root; a capability sits under a
  domain or, for imported frameworks with deeper trees, under another capability; a skill sits
  under a capability or a domain, or at the root of a flat skills list (an ESCO-style set).
* A parent belongs to the same framework, and no item is its own ancestor.
* Trees are at most :data:`MAX_DEPTH` levels deep, so walking one is always bounded.
* Codes are short and spreadsheet-safe (they can never start a formula).
* An ESCO concept URI has the shape ``http://data.europa.eu/esco/skill/<uuid>``.
"""

from __future__ import annotations

import re
from typing import Protocol

from django.core.exceptions import ValidationError

MAX_DEPTH = 8
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
ESCO_PREFIX = "http://data.europa.eu/esco/"
ESCO_SKILL_PATTERN = re.compile(
    r"^http://data\.europa\.eu/esco/skill/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)

DOMAIN, CAPABILITY, SKILL = "domain", "capability", "skill"
KINDS = (DOMAIN, CAPABILITY, SKILL)
# kind -> the kinds its parent may have (None: it may be a root).
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    DOMAIN: frozenset({None}),
    CAPABILITY: frozenset({DOMAIN, CAPABILITY}),
    SKILL: frozenset({DOMAIN, CAPABILITY, None}),
}


class Node(Protocol):
    """What the rules need to know about an item (a model row or an import row)."""

    @property
    def kind(self) -> str: ...

    @property
    def framework_id(self) -> int | None: ...


def validate_code(value: str) -> None:
    """Raise ValidationError unless ``value`` is a usable item code (e.g. ``DA.2.1``)."""
    if not CODE_PATTERN.match(value or ""):
        raise ValidationError(
            f"“{value}” is not a valid code: use 1 to 60 letters, digits, dots, dashes "
            "or underscores, starting with a letter or digit.",
            code="invalid_code",
        )


def validate_version(value: str) -> None:
    """Raise ValidationError unless ``value`` is a usable version name (e.g. ``2.0``)."""
    if not VERSION_PATTERN.match(value or ""):
        raise ValidationError(
            f"“{value}” is not a valid version: use letters, digits, dots, dashes or "
            "underscores, e.g. 2.0.",
            code="invalid_version",
        )


def is_esco_uri(value: str) -> bool:
    return value.startswith(ESCO_PREFIX)


def validate_esco_skill_uri(value: str) -> None:
    """Raise ValidationError unless ``value`` is an ESCO skill concept URI."""
    if not ESCO_SKILL_PATTERN.match(value or ""):
        raise ValidationError(
            f"“{value}” is not an ESCO skill URI: expected "
            "http://data.europa.eu/esco/skill/ followed by a lower-case UUID.",
            code="invalid_esco_uri",
        )


def validate_item_uri(value: str) -> None:
    """An item URI in the ESCO namespace must be a well-formed ESCO skill URI."""
    if value and is_esco_uri(value):
        validate_esco_skill_uri(value)


def kind_problem(kind: str, parent_kind: str | None) -> str:
    """Return why ``kind`` may not sit under ``parent_kind`` (empty string when it may)."""
    if kind not in ALLOWED_PARENTS:
        return f"“{kind}” is not a kind of item: use domain, capability or skill."
    if parent_kind in ALLOWED_PARENTS[kind]:
        return ""
    if parent_kind is None:
        return f"A {kind} needs a parent ({_names(ALLOWED_PARENTS[kind])})."
    if kind == DOMAIN:
        return "A domain is always at the top of the framework; it cannot have a parent."
    return f"A {kind} cannot sit under a {parent_kind}; its parent must be {_names(ALLOWED_PARENTS[kind])}."


def parent_problem(item: Node, parent: Node | None) -> str:
    """Return why ``parent`` cannot be ``item``'s parent (empty string when it can)."""
    if parent is not None and parent.framework_id != item.framework_id:
        return "The parent belongs to another framework; an item's parent must be in its framework."
    return kind_problem(item.kind, parent.kind if parent is not None else None)


def _names(kinds: frozenset[str | None]) -> str:
    named = sorted(k for k in kinds if k)
    return " or ".join(f"a {k}" for k in named)
