"""The Open Badges 3.0 and CLR 2.0 data model: build credentials and parse them back.

Every class is a keyword-only dataclass with ``to_json()`` and ``from_json()``; field names are
the spec's property names in snake_case (``credits_available`` ↔ ``creditsAvailable``).
``to_json`` writes the form the official 1EdTech JSON schema accepts (arrays for every set,
``@context`` = VC 2.0 + OB 3.0.3 [+ extensions.json]); ``from_json`` accepts the compacted
singletons the spec also allows and raises :class:`~credstack.vc.errors.CredentialMalformed`
naming the JSON path of the first bad property.

Example — a micro-credential for a hashed e-mail recipient::

    achievement = Achievement(id="https://example.edu/achievements/sql", name="SQL basics",
                              description="Writes SELECT queries.", achievement_type="MicroCredential",
                              criteria=Criteria(narrative="Pass the practical test."))
    credential = AchievementCredential.create(
        issuer=Profile(id="did:key:z6Mk...", name="Example University"),
        credential_subject=AchievementSubject.for_email("ada@example.org", achievement=achievement),
    )
    document = credential.to_json()
"""

from __future__ import annotations

import json
from typing import Any

from ._model_achievement import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Criteria,
    Evidence,
    IdentityObject,
    OpenBadgeCredential,
    Related,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    hash_identity,
    identity_matches,
)
from ._model_clr import ASSOCIATION_TYPES, CLR_CONTEXT, Association, ClrCredential, ClrSubject
from ._model_codec import Node
from ._model_profile import (
    EXTENSIONS_CONTEXT,
    OB_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    Address,
    Credential,
    EndorsementCredential,
    EndorsementSubject,
    GeoCoordinates,
    IdentifierEntry,
    Image,
    Profile,
    format_datetime,
    new_id,
)
from .errors import CredentialMalformed

__all__ = [
    "ASSOCIATION_TYPES",
    "CLR_CONTEXT",
    "EXTENSIONS_CONTEXT",
    "OB_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Association",
    "ClrCredential",
    "ClrSubject",
    "Credential",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "Node",
    "OpenBadgeCredential",
    "Profile",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "format_datetime",
    "hash_identity",
    "identity_matches",
    "load_json",
    "new_id",
    "parse_credential",
]

#: Upper bound on the JSON text the engine will parse (a credential is a few kilobytes; a CLR
#: with hundreds of embedded credentials stays well under this).
MAX_JSON_BYTES = 16 * 1024 * 1024


def load_json(data: str | bytes) -> Any:
    """Parse JSON text, raising ``CredentialMalformed`` (not ``ValueError``) on bad input."""
    if len(data) > MAX_JSON_BYTES:
        raise CredentialMalformed(f"the document is larger than {MAX_JSON_BYTES} bytes")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as e:
        raise CredentialMalformed(f"the document is not valid JSON: {e}") from e


def parse_credential(
    data: dict[str, Any] | str | bytes,
) -> AchievementCredential | EndorsementCredential | ClrCredential:
    """Parse any credential this engine models, choosing the class from its ``type``."""
    document = load_json(data) if isinstance(data, str | bytes) else data
    if not isinstance(document, dict):
        raise CredentialMalformed("$ must be a JSON object")
    kinds = document.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "ClrCredential" in kinds:
        return ClrCredential.from_json(document)
    if "EndorsementCredential" in kinds:
        return EndorsementCredential.from_json(document)
    return AchievementCredential.from_json(document)
