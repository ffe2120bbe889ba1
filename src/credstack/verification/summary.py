"""What a credential certifies, read defensively out of its JSON for people to read.

Every value comes from a document the verifier does not trust, so only strings (and lists of
small dicts of strings) are taken, URLs only when they are http(s), and lengths are capped;
templates escape everything again. OB 3.0 terms are read with their VCDM 1.1 fallbacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_MAX_TEXT = 5000
_MAX_ITEMS = 50


def _text(value: object, limit: int = _MAX_TEXT) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _url(value: object) -> str:
    text = _text(value, 2000)
    return text if text.startswith(("https://", "http://")) else ""


def _first(value: object) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values[:_MAX_ITEMS] if isinstance(v, dict)]


def _date(value: object) -> datetime | None:
    text = _text(value, 40)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _image(value: object) -> str:
    if isinstance(value, str):
        return _url(value)
    return _url(value.get("id")) if isinstance(value, dict) else ""


@dataclass(frozen=True, slots=True)
class Summary:
    """The parts of a credential a reader cares about, as plain values."""

    name: str = ""
    description: str = ""
    image: str = ""
    achievement_name: str = ""
    achievement_description: str = ""
    achievement_type: str = ""
    achievement_code: str = ""
    achievement_id: str = ""
    criteria: str = ""
    criteria_url: str = ""
    credits: str = ""
    alignments: list[dict[str, str]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    narrative: str = ""
    issuer_name: str = ""
    issuer_id: str = ""
    issuer_url: str = ""
    subject_id: str = ""
    has_email_identity: bool = False
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    @property
    def title(self) -> str:
        return self.achievement_name or self.name or "Credential"


def summarise(credential: dict[str, Any] | None) -> Summary | None:
    """A :class:`Summary` of an OB 3.0 / VC credential, or None when there is nothing to show."""
    if not isinstance(credential, dict):
        return None
    subject = _first(credential.get("credentialSubject"))
    achievement = _first(subject.get("achievement"))
    raw_criteria = achievement.get("criteria")
    criteria: dict[str, Any] = raw_criteria if isinstance(raw_criteria, dict) else {}
    issuer = credential.get("issuer")
    issuer = issuer if isinstance(issuer, dict) else {"id": issuer}
    identifiers = _items(subject.get("identifier"))
    credits = achievement.get("creditsAvailable")
    return Summary(
        name=_text(credential.get("name"), 300),
        description=_text(credential.get("description")),
        image=_image(achievement.get("image")) or _image(credential.get("image")),
        achievement_name=_text(achievement.get("name"), 300),
        achievement_description=_text(achievement.get("description")),
        achievement_type=_text(achievement.get("achievementType"), 80).removeprefix("ext:"),
        achievement_code=_text(achievement.get("humanCode"), 80),
        achievement_id=_url(achievement.get("id")),
        criteria=_text(criteria.get("narrative")),
        criteria_url=_url(criteria.get("id")),
        credits=str(credits) if isinstance(credits, int | float) else "",
        alignments=[
            {
                "name": _text(a.get("targetName"), 300),
                "url": _url(a.get("targetUrl")),
                "framework": _text(a.get("targetFramework"), 300),
                "code": _text(a.get("targetCode"), 80),
                "description": _text(a.get("targetDescription"), 1000),
            }
            for a in _items(achievement.get("alignment"))
        ],
        evidence=[
            {
                "name": _text(e.get("name"), 300),
                "url": _url(e.get("id")),
                "narrative": _text(e.get("narrative")),
                "description": _text(e.get("description")),
                "genre": _text(e.get("genre"), 120),
            }
            for e in _items(credential.get("evidence"))
        ],
        results=[
            _text(r.get("value"), 200)
            for r in _items(subject.get("result"))
            if _text(r.get("value"))
        ],
        narrative=_text(subject.get("narrative")),
        issuer_name=_text(issuer.get("name"), 300),
        issuer_id=_text(issuer.get("id"), 500),
        issuer_url=_url(issuer.get("url")) or _url(issuer.get("id")),
        subject_id=_text(subject.get("id"), 500),
        has_email_identity=any(i.get("identityType") == "emailAddress" for i in identifiers),
        valid_from=_date(credential.get("validFrom") or credential.get("issuanceDate")),
        valid_until=_date(credential.get("validUntil") or credential.get("expirationDate")),
    )
