"""Profiles, images, identifiers and the credential base (OB 3.0 Appendix B "Data Model").

The classes here are the ones shared by every credential type: the issuer ``Profile`` (also
used for an achievement's ``creator``, a subject's ``source`` and an endorser), its ``Address``,
``Image``, ``IdentifierEntry``, the common ``Credential`` base of VCDM 2.0 credentials, and the
``EndorsementCredential`` (OB 3.0 §"EndorsementCredential"), which a profile can embed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from ._model_codec import Node
from .errors import CredentialMalformed

__all__ = [
    "EXTENSIONS_CONTEXT",
    "OB_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Address",
    "Credential",
    "EndorsementCredential",
    "EndorsementSubject",
    "GeoCoordinates",
    "IdentifierEntry",
    "Image",
    "Profile",
    "format_datetime",
    "new_id",
]

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"


def new_id() -> str:
    """A fresh ``urn:uuid:`` identifier (RFC 9562 version 4), as OB 3.0 examples use."""
    return f"urn:uuid:{uuid.uuid4()}"


def format_datetime(moment: datetime | None = None) -> str:
    """Format a moment as an OB 3.0 ``DateTimeZ`` in UTC, to the second (``2025-01-31T09:00:00Z``).

    A naive ``datetime`` is taken to be UTC already.
    """
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


@dataclass(kw_only=True)
class Image(Node):
    """OB 3.0 ``Image``: an object with the image URI or data URI as ``id`` (never a bare URL)."""

    TYPES = ("Image",)
    TYPE_AS_STRING = True
    id: str
    caption: str | None = None


@dataclass(kw_only=True)
class IdentifierEntry(Node):
    """OB 3.0 ``IdentifierEntry``: another identifier of a profile or achievement."""

    TYPES = ("IdentifierEntry",)
    TYPE_AS_STRING = True
    identifier: str
    identifier_type: str


@dataclass(kw_only=True)
class GeoCoordinates(Node):
    """OB 3.0 ``GeoCoordinates`` (WGS 84 latitude and longitude)."""

    TYPES = ("GeoCoordinates",)
    TYPE_AS_STRING = True
    latitude: float
    longitude: float


@dataclass(kw_only=True)
class Address(Node):
    """OB 3.0 ``Address`` (schema.org PostalAddress fields)."""

    TYPES = ("Address",)
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    post_office_box_number: str | None = None
    postal_code: str | None = None
    geo: GeoCoordinates | None = None


@dataclass(kw_only=True)
class Profile(Node):
    """OB 3.0 ``Profile``: an issuer, creator, source or endorser (a person or organisation)."""

    TYPES = ("Profile",)
    id: str
    name: str | None = None
    url: str | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: list[EndorsementCredential] = field(default_factory=list)
    endorsement_jwt: list[str] = field(default_factory=list)
    image: Image | None = None
    email: str | None = None
    address: Address | None = None
    other_identifier: list[IdentifierEntry] = field(default_factory=list)
    official: str | None = None
    parent_org: Profile | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: str | None = None


@dataclass(kw_only=True)
class Credential(Node):
    """Properties every VCDM 2.0 credential of OB 3.0 shares (VCDM 2.0 §4; OB 3.0 §B.1).

    ``proof``, ``credentialSchema``, ``credentialStatus``, ``refreshService`` and ``termsOfUse``
    stay plain JSON objects: they are written by other parts of the engine (proofs, status
    lists) and must be kept byte for byte. ``@context`` is computed when left empty: VC 2.0,
    then the class's own contexts, then ``extensions.json`` when a ``1EdTech…`` type is used.
    """

    CONTEXTS: ClassVar[tuple[str, ...]] = (VC_V2_CONTEXT, OB_CONTEXT)
    DATETIME_FIELDS = frozenset({"valid_from", "valid_until", "awarded_date"})

    context: list[Any] = field(default_factory=list)
    id: str
    issuer: Profile | str
    valid_from: str | None = None
    valid_until: str | None = None
    name: str | None = None
    description: str | None = None
    image: Image | None = None
    awarded_date: str | None = None
    credential_schema: list[dict[str, Any]] = field(default_factory=list)
    credential_status: dict[str, Any] | None = None
    refresh_service: dict[str, Any] | None = None
    terms_of_use: list[dict[str, Any]] = field(default_factory=list)
    proof: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def create(cls, **fields: Any) -> Self:
        """Build a new credential: a fresh ``urn:uuid:`` id and ``validFrom`` = now unless given.

        The result is checked by parsing its own JSON, so a builder mistake (a subject with
        neither ``id`` nor ``identifier``, a date without a zone) raises ``CredentialMalformed``.
        """
        fields.setdefault("id", new_id())
        fields.setdefault("valid_from", format_datetime())
        credential = cls(**fields)
        cls.from_json(credential.to_json())
        return credential

    @property
    def issuer_id(self) -> str:
        """The issuer's URI, whether ``issuer`` is a Profile or a bare URI (ProfileRef)."""
        return self.issuer if isinstance(self.issuer, str) else self.issuer.id

    def to_json(self) -> dict[str, Any]:
        """Serialize; an empty ``context`` becomes the default context list for this class."""
        out = super().to_json()
        if not self.context:
            contexts = list(self.CONTEXTS)
            if _uses_extension_types(out):
                contexts.append(EXTENSIONS_CONTEXT)
            out = {"@context": contexts, **out}
        return out

    def validate(self, path: str = "$") -> None:
        """OB 3.0 requires ``validFrom``; a VCDM 1.1 credential has ``issuanceDate`` instead."""
        super().validate(path)
        if self.valid_from is None and "issuanceDate" not in self.extra:
            raise CredentialMalformed(f"{path}.validFrom is required")
        if self.context and self.context[0] not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
            raise CredentialMalformed(
                f"{path}.@context[0] must be {VC_V2_CONTEXT!r}, got {self.context[0]!r}"
            )


def _uses_extension_types(document: Any) -> bool:
    """True when a ``1EdTech…`` type (defined only in extensions.json) appears outside any
    embedded object that brings its own ``@context`` (an embedded endorsement)."""
    if isinstance(document, list):
        return any(_uses_extension_types(item) for item in document)
    if not isinstance(document, dict):
        return False
    kinds = document.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and k.startswith("1EdTech") for k in kinds):
        return True
    return any(
        _uses_extension_types(value)
        for value in document.values()
        if not (isinstance(value, dict) and "@context" in value)
        and not (
            isinstance(value, list) and any(isinstance(v, dict) and "@context" in v for v in value)
        )
    )


@dataclass(kw_only=True)
class EndorsementSubject(Node):
    """OB 3.0 ``EndorsementSubject``: what is endorsed (a profile, achievement or credential)."""

    TYPES = ("EndorsementSubject",)
    id: str
    endorsement_comment: str | None = None


@dataclass(kw_only=True)
class EndorsementCredential(Credential):
    """OB 3.0 ``EndorsementCredential``: a third party vouches for an issuer or achievement.

    Unlike an AchievementCredential, ``name`` is REQUIRED (OB 3.0 §B.1.3).
    """

    TYPES = ("VerifiableCredential", "EndorsementCredential")
    credential_subject: EndorsementSubject

    def validate(self, path: str = "$") -> None:
        """Also require ``name``, which the endorsement schema lists as required."""
        super().validate(path)
        if not self.name:
            raise CredentialMalformed(f"{path}.name is required on an EndorsementCredential")
