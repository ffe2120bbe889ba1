"""An Open Badges 2.0 view of an Open Badges 3.0 award, for hosts and backpacks that predate OB 3.0.

OB 2.0 (IMS Final Release, 12 April 2018) splits an award into three hosted JSON-LD documents
with the context ``https://w3id.org/openbadges/v2``: the ``Assertion`` (one earner), the
``BadgeClass`` (the achievement) and the issuer ``Profile``. With hosted verification (OB 2.0
"Hosted Verification") each document lives at its own HTTP(S) ``id`` and the assertion is
trusted because it is served from the issuer's origin, so no signature is involved: this view
is exactly as trustworthy as the web server that hosts it, and the OB 3.0 credential stays
the authoritative, signed record.

Field rules (OB 2.0 §Assertion, §BadgeClass, §Profile, §IdentityObject, §AlignmentObject):
the assertion needs ``id, type, recipient, badge, verification, issuedOn``; the badge class
``id, type, name, description, image, criteria, issuer``; an issuer profile ``id, type, name,
url, email``. The recipient is an IdentityObject; an e-mail address is always published hashed
(``sha256$`` + hex SHA-256 of address + salt, §IdentityHash), never in plain text.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .errors import CredentialMalformed

__all__ = ["OB2_CONTEXT", "ob2_documents", "ob2_recipient"]

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
_ALIGNMENT_FIELDS = (
    "targetName",
    "targetUrl",
    "targetDescription",
    "targetFramework",
    "targetCode",
)
_EVIDENCE_FIELDS = ("id", "narrative", "name", "description", "genre", "audience")


def _require_url(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise CredentialMalformed(
            f"{what} must be an HTTP(S) URL for hosted verification: {value!r}"
        )
    return value


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _image_id(value: object) -> str | None:
    # OB 3.0 Image is {id, type: "Image", caption?}; OB 2.0 accepts the IRI (or data URI) alone.
    if isinstance(value, Mapping):
        return _text(value.get("id"))
    return _text(value)


def _datetime(value: object, what: str) -> str:
    # OB 2.0 §Primitive datatypes: ISO 8601 "including the time and a time zone indicator".
    if not isinstance(value, str):
        raise CredentialMalformed(f"{what} is missing or not a string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as e:
        raise CredentialMalformed(f"{what} {value!r} is not an ISO 8601 date-time") from e
    if parsed.tzinfo is None:
        raise CredentialMalformed(f"{what} {value!r} has no time zone, which OB 2.0 requires")
    return value


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _hash_identity(identity: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def ob2_recipient(
    subject: Mapping[str, Any], *, email: str | None = None, salt: str | None = None
) -> dict[str, Any]:
    """The OB 2.0 ``recipient`` IdentityObject for an OB 3.0 ``credentialSubject``.

    In order: an ``email`` the caller knows (hashed with ``salt``, or a fresh random salt);
    an OB 3.0 ``emailAddress`` identifier (its ``sha256$`` hash and salt carry over unchanged,
    since both specs hash identity + salt the same way; a plain one is hashed here); the
    subject ``id`` (``url`` for HTTP(S), otherwise ``id``, unhashed: it is an identifier the
    earner already shares).
    """
    if email is not None:
        if not _text(email):
            raise CredentialMalformed("the recipient e-mail address is empty")
        used_salt = salt if salt is not None else secrets.token_hex(16)
        return {
            "type": "email",
            "hashed": True,
            "salt": used_salt,
            "identity": _hash_identity(email, used_salt),
        }
    for identifier in _as_list(subject.get("identifier")):
        if not isinstance(identifier, Mapping) or identifier.get("identityType") != "emailAddress":
            continue
        identity = _text(identifier.get("identityHash"))
        if identity is None:
            continue
        if identifier.get("hashed") is True:
            if not identity.lower().startswith(("sha256$", "md5$")):
                raise CredentialMalformed(
                    f"the identityHash {identity[:16]!r}... names no algorithm"
                )
            recipient: dict[str, Any] = {"type": "email", "hashed": True, "identity": identity}
            if _text(identifier.get("salt")):
                recipient["salt"] = identifier["salt"]
            return recipient
        return ob2_recipient(subject, email=identity, salt=salt)
    subject_id = _text(subject.get("id"))
    if subject_id is not None:
        kind = "url" if subject_id.startswith(("https://", "http://")) else "id"
        return {"type": kind, "hashed": False, "identity": subject_id}
    raise CredentialMalformed(
        "the credential subject has no id and no emailAddress identifier to name a recipient"
    )


def _issuer_document(
    issuer: object, issuer_url: str, homepage: str | None, email: str | None
) -> dict[str, Any]:
    profile: Mapping[str, Any] = issuer if isinstance(issuer, Mapping) else {}
    name = _text(profile.get("name"))
    url = _text(profile.get("url")) or homepage
    contact = _text(profile.get("email")) or email
    missing = [k for k, v in (("name", name), ("url", url), ("email", contact)) if v is None]
    if missing:
        raise CredentialMalformed(
            f"an OB 2.0 issuer profile requires {', '.join(missing)}: add it to the OB 3.0 "
            "issuer profile or pass it explicitly"
        )
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "id": issuer_url,
        "type": "Issuer",
        "name": name,
        "url": _require_url(url, "the issuer url"),
        "email": contact,
    }
    optional = {
        "description": _text(profile.get("description")),
        "image": _image_id(profile.get("image")),
        "telephone": _text(profile.get("phone")),
    }
    document.update({k: v for k, v in optional.items() if v is not None})
    return document


def _badge_document(
    achievement: Mapping[str, Any], badge_url: str, issuer_url: str, image: str | None
) -> dict[str, Any]:
    name = _text(achievement.get("name"))
    description = _text(achievement.get("description"))
    image = _image_id(achievement.get("image")) or image
    raw_criteria = achievement.get("criteria")
    criteria = {
        key: raw_criteria[key]
        for key in ("id", "narrative")
        if isinstance(raw_criteria, Mapping) and _text(raw_criteria.get(key))
    }
    missing = [
        k
        for k, v in (
            ("name", name),
            ("description", description),
            ("image", image),
            ("criteria", criteria),
        )
        if not v
    ]
    if missing:
        raise CredentialMalformed(f"an OB 2.0 BadgeClass requires {', '.join(missing)}")
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "id": badge_url,
        "type": "BadgeClass",
        "name": name,
        "description": description,
        "image": image,
        "criteria": criteria,
        "issuer": issuer_url,
    }
    alignments = []
    for alignment in _as_list(achievement.get("alignment")):
        if not isinstance(alignment, Mapping):
            continue
        entry = {k: alignment[k] for k in _ALIGNMENT_FIELDS if _text(alignment.get(k))}
        # OB 2.0 §AlignmentObject: targetName and targetUrl are both required.
        if "targetName" in entry and "targetUrl" in entry:
            alignments.append(entry)
    if alignments:
        document["alignment"] = alignments
    tags = [t for t in _as_list(achievement.get("tag")) if _text(t)]
    if tags:
        document["tags"] = tags
    return document


def ob2_documents(
    credential: Mapping[str, Any],
    *,
    assertion_url: str,
    badge_url: str,
    issuer_url: str,
    recipient_email: str | None = None,
    salt: str | None = None,
    badge_image_url: str | None = None,
    assertion_image_url: str | None = None,
    issuer_homepage: str | None = None,
    issuer_email: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The hosted OB 2.0 ``assertion``, ``badge`` (BadgeClass) and ``issuer`` documents.

    Each URL is where the platform will serve that document (hosted verification: the
    assertion ``id`` is its own address). ``issuedOn`` is the OB 3.0 ``awardedDate`` when
    present (the original award), else ``validFrom``; ``expires`` is ``validUntil``. Fields OB
    2.0 requires but the credential lacks may be given explicitly (``badge_image_url``,
    ``issuer_homepage``, ``issuer_email``); if still missing, :class:`CredentialMalformed`
    names them.
    """
    if not isinstance(credential, Mapping):
        raise CredentialMalformed("the credential must be a JSON object")
    for value, what in (
        (assertion_url, "assertion_url"),
        (badge_url, "badge_url"),
        (issuer_url, "issuer_url"),
    ):
        _require_url(value, what)
    subject = credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, Mapping) or not isinstance(subject.get("achievement"), Mapping):
        raise CredentialMalformed("the credential has no credentialSubject with an achievement")
    issued_key = "awardedDate" if credential.get("awardedDate") else "validFrom"
    issued_on = _datetime(credential.get(issued_key), issued_key)
    assertion: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "id": assertion_url,
        "type": "Assertion",
        "recipient": ob2_recipient(subject, email=recipient_email, salt=salt),
        "badge": badge_url,
        "verification": {"type": "hosted"},
        "issuedOn": issued_on,
    }
    if credential.get("validUntil") is not None:
        assertion["expires"] = _datetime(credential["validUntil"], "validUntil")
    image = assertion_image_url or _image_id(subject.get("image"))
    if image:
        assertion["image"] = image
    evidence = []
    for item in _as_list(credential.get("evidence")):
        if isinstance(item, Mapping):
            entry = {k: item[k] for k in _EVIDENCE_FIELDS if _text(item.get(k))}
            if entry:
                evidence.append({"type": "Evidence", **entry})
    if evidence:
        assertion["evidence"] = evidence
    if _text(subject.get("narrative")):
        assertion["narrative"] = subject["narrative"]
    return {
        "assertion": assertion,
        "badge": _badge_document(subject["achievement"], badge_url, issuer_url, badge_image_url),
        "issuer": _issuer_document(
            credential.get("issuer"), issuer_url, issuer_homepage, issuer_email
        ),
    }
