"""Achievements, subjects, results and the AchievementCredential (OB 3.0 Appendix B).

An ``AchievementCredential`` (alias ``OpenBadgeCredential``, the two names map to the same IRI
in the OB context) says that ``credentialSubject`` — an ``AchievementSubject`` identified by a
DID/URL ``id`` or by hashed ``IdentityObject``s — earned ``achievement``. Results, evidence and
alignments to skills frameworks hang off the subject, the achievement and the credential.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from ._model_codec import Node
from ._model_profile import Credential, EndorsementCredential, IdentifierEntry, Image, Profile
from .errors import CredentialMalformed

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "Criteria",
    "Evidence",
    "IdentityObject",
    "OpenBadgeCredential",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "hash_identity",
    "identity_matches",
]


def hash_identity(identity: str, salt: str = "") -> str:
    """OB 3.0 ``IdentityHash``: ``"sha256$" + hex(SHA-256(UTF-8(identity + salt)))``.

    The identity is hashed exactly as given (OB 3.0 §B.2.4 "IdentityHash"); callers that hash
    e-mail addresses normalise them first (see :meth:`AchievementSubject.for_email`).
    """
    digest = hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def identity_matches(identity: IdentityObject | dict[str, Any], value: str) -> bool:
    """Does ``value`` (an e-mail address, say) match this ``IdentityObject``? (OB 3.0 §8 step 7).

    A hashed identity is compared by hashing ``value`` with the object's salt, using the
    algorithm its prefix names (``sha256$`` or the legacy ``md5$``); a plain one is compared
    as is. E-mail addresses are also tried trimmed and lower-cased, because issuers commonly
    normalise them that way before hashing. Comparisons run in constant time.
    """
    if isinstance(identity, dict):
        try:
            identity = IdentityObject.from_json(identity)
        except CredentialMalformed:
            return False
    candidates = {value, value.strip().lower()}
    stored = identity.identity_hash
    for candidate in candidates:
        if not identity.hashed:
            expected = candidate
        elif stored.startswith("sha256$"):
            expected = hash_identity(candidate, identity.salt or "")
        elif stored.startswith("md5$"):
            salted = (candidate + (identity.salt or "")).encode("utf-8")
            expected = "md5$" + hashlib.md5(salted, usedforsecurity=False).hexdigest()
        else:
            return False
        if hmac.compare_digest(expected.lower().encode(), stored.lower().encode()):
            return True
    return False


@dataclass(kw_only=True)
class Alignment(Node):
    """OB 3.0 ``Alignment``: a link to a skill, competency or standard (CASE, CTDL, ...)."""

    TYPES = ("Alignment",)
    target_name: str
    target_url: str
    target_code: str | None = None
    target_description: str | None = None
    target_framework: str | None = None
    target_type: str | None = None


@dataclass(kw_only=True)
class Criteria(Node):
    """OB 3.0 ``Criteria``: how the achievement is earned (a URI and/or Markdown narrative)."""

    id: str | None = None
    narrative: str | None = None


@dataclass(kw_only=True)
class Related(Node):
    """OB 3.0 ``Related``: another version or language of the same achievement."""

    TYPES = ("Related",)
    id: str
    in_language: str | None = None
    version: str | None = None


@dataclass(kw_only=True)
class RubricCriterionLevel(Node):
    """OB 3.0 ``RubricCriterionLevel``: one level of a rubric criterion."""

    TYPES = ("RubricCriterionLevel",)
    id: str
    name: str
    description: str | None = None
    level: str | None = None
    points: str | None = None
    alignment: list[Alignment] = field(default_factory=list)


@dataclass(kw_only=True)
class ResultDescription(Node):
    """OB 3.0 ``ResultDescription``: a kind of result the achievement records (grade, level...)."""

    TYPES = ("ResultDescription",)
    id: str
    name: str
    result_type: str
    allowed_value: list[str] = field(default_factory=list)
    required_level: str | None = None
    required_value: str | None = None
    rubric_criterion_level: list[RubricCriterionLevel] = field(default_factory=list)
    value_min: str | None = None
    value_max: str | None = None
    alignment: list[Alignment] = field(default_factory=list)


@dataclass(kw_only=True)
class Achievement(Node):
    """OB 3.0 ``Achievement``: the accomplishment itself (the "badge class").

    ``achievement_type`` takes the OB vocabulary (``MicroCredential``, ``Certificate``, ...)
    or an ``ext:`` extension term.
    """

    TYPES = ("Achievement",)
    id: str
    name: str
    description: str
    criteria: Criteria
    achievement_type: str | None = None
    alignment: list[Alignment] = field(default_factory=list)
    creator: Profile | None = None
    credits_available: float | None = None
    endorsement: list[EndorsementCredential] = field(default_factory=list)
    endorsement_jwt: list[str] = field(default_factory=list)
    field_of_study: str | None = None
    human_code: str | None = None
    image: Image | None = None
    in_language: str | None = None
    other_identifier: list[IdentifierEntry] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    result_description: list[ResultDescription] = field(default_factory=list)
    specialization: str | None = None
    tag: list[str] = field(default_factory=list)
    version: str | None = None


@dataclass(kw_only=True)
class IdentityObject(Node):
    """OB 3.0 ``IdentityObject``: a (usually hashed) identifier of the recipient."""

    TYPES = ("IdentityObject",)
    TYPE_AS_STRING = True
    hashed: bool
    identity_hash: str
    identity_type: str
    salt: str | None = None


@dataclass(kw_only=True)
class Result(Node):
    """OB 3.0 ``Result``: what the recipient achieved against a ``ResultDescription``."""

    TYPES = ("Result",)
    result_description: str | None = None
    value: str | None = None
    status: str | None = None
    achieved_level: str | None = None
    alignment: list[Alignment] = field(default_factory=list)


@dataclass(kw_only=True)
class AchievementSubject(Node):
    """OB 3.0 ``AchievementSubject``: the recipient and what they achieved.

    The recipient is named by ``id`` (a DID or URL) or by one or more ``identifier``s;
    OB 3.0 requires at least one of the two.
    """

    TYPES = ("AchievementSubject",)
    DATETIME_FIELDS = frozenset({"activity_start_date", "activity_end_date"})
    achievement: Achievement
    id: str | None = None
    identifier: list[IdentityObject] = field(default_factory=list)
    result: list[Result] = field(default_factory=list)
    activity_start_date: str | None = None
    activity_end_date: str | None = None
    credits_earned: float | None = None
    license_number: str | None = None
    narrative: str | None = None
    role: str | None = None
    source: Profile | None = None
    term: str | None = None
    image: Image | None = None

    @classmethod
    def for_email(
        cls, email: str, *, achievement: Achievement, salt: str | None = None, **fields: Any
    ) -> AchievementSubject:
        """A subject identified by a salted SHA-256 hash of its e-mail address.

        The address is trimmed and lower-cased before hashing (addresses are compared that way
        by every mail system the recipient is likely to use); a random 128-bit salt is drawn
        unless one is given, so the hash cannot be reversed with a list of known addresses.
        """
        salt = secrets.token_hex(16) if salt is None else salt
        identity = IdentityObject(
            hashed=True,
            identity_hash=hash_identity(email.strip().lower(), salt),
            identity_type="emailAddress",
            salt=salt,
        )
        return cls(achievement=achievement, identifier=[identity], **fields)

    def validate(self, path: str = "$") -> None:
        """OB 3.0 §B.1.2: either ``id`` or at least one ``identifier`` MUST be supplied."""
        super().validate(path)
        if self.id is None and not self.identifier:
            raise CredentialMalformed(f"{path} needs an 'id' or at least one 'identifier'")


@dataclass(kw_only=True)
class Evidence(Node):
    """OB 3.0 ``Evidence``: a description of work that supports the award."""

    TYPES = ("Evidence",)
    id: str | None = None
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


@dataclass(kw_only=True)
class AchievementCredential(Credential):
    """OB 3.0 ``AchievementCredential`` / ``OpenBadgeCredential``: an awarded achievement."""

    TYPES = ("VerifiableCredential", "OpenBadgeCredential")
    REQUIRED_TYPES = (("VerifiableCredential",), ("AchievementCredential", "OpenBadgeCredential"))
    credential_subject: AchievementSubject
    evidence: list[Evidence] = field(default_factory=list)
    endorsement: list[EndorsementCredential] = field(default_factory=list)
    endorsement_jwt: list[str] = field(default_factory=list)


OpenBadgeCredential = AchievementCredential
