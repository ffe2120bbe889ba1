"""CLR 2.0: a ``ClrCredential`` bundling signed credentials (Comprehensive Learner Record 2.0).

A ClrCredential is itself a VCDM 2.0 credential signed by its publisher. Its subject carries
complete, individually signed AchievementCredentials (kept here as the exact JSON objects they
were signed as, so every one still verifies on its own), optional Achievement definitions (a
programme or stack that was not itself awarded) and ``Association``s that relate achievement
ids — how a stack of micro-credentials says "this unit is part of that programme".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ._model_achievement import Achievement, IdentityObject
from ._model_codec import Node
from ._model_profile import OB_CONTEXT, VC_V2_CONTEXT, Credential, Profile
from .errors import CredentialMalformed

__all__ = ["ASSOCIATION_TYPES", "CLR_CONTEXT", "Association", "ClrCredential", "ClrSubject"]

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

#: Association types of CLR 2.0 (``AssociationTypeEnum``; see OB3-BRIEF §10 for the source).
ASSOCIATION_TYPES = frozenset(
    {
        "exactMatchOf",
        "exemplar",
        "hasSkillLevel",
        "isChildOf",
        "isParentOf",
        "isPartOf",
        "isPeerOf",
        "isRelatedTo",
        "precedes",
        "replacedBy",
    }
)


@dataclass(kw_only=True)
class Association(Node):
    """CLR 2.0 ``Association``: ``sourceId`` relates to ``targetId`` as ``associationType``."""

    TYPES = ("Association",)
    TYPE_AS_STRING = True
    association_type: str
    source_id: str
    target_id: str

    def validate(self, path: str = "$") -> None:
        """Refuse association types outside the CLR 2.0 vocabulary (``ext:`` terms allowed)."""
        super().validate(path)
        kind = self.association_type
        if kind not in ASSOCIATION_TYPES and not kind.startswith("ext:"):
            raise CredentialMalformed(f"{path}.associationType is not a CLR 2.0 term: {kind!r}")


@dataclass(kw_only=True)
class ClrSubject(Node):
    """CLR 2.0 ``ClrSubject``: the learner and the credentials of their record."""

    TYPES = ("ClrSubject",)
    id: str | None = None
    identifier: list[IdentityObject] = field(default_factory=list)
    verifiable_credential: list[dict[str, Any]] = field(default_factory=list)
    achievement: list[Achievement] = field(default_factory=list)
    association: list[Association] = field(default_factory=list)

    def validate(self, path: str = "$") -> None:
        """The learner needs an ``id`` or an ``identifier``; the record needs one credential."""
        super().validate(path)
        if self.id is None and not self.identifier:
            raise CredentialMalformed(f"{path} needs an 'id' or at least one 'identifier'")
        if not self.verifiable_credential:
            raise CredentialMalformed(f"{path}.verifiableCredential needs at least one credential")


@dataclass(kw_only=True)
class ClrCredential(Credential):
    """CLR 2.0 ``ClrCredential``: a signed bundle of signed credentials (``partial`` if not all)."""

    TYPES = ("VerifiableCredential", "ClrCredential")
    CONTEXTS = (VC_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT)
    credential_subject: ClrSubject
    partial: bool | None = None

    @classmethod
    def bundle(
        cls,
        credentials: Iterable[dict[str, Any]],
        *,
        issuer: Profile | str,
        learner_id: str | None = None,
        identifier: Iterable[IdentityObject] = (),
        achievements: Iterable[Achievement] = (),
        associations: Iterable[Association] = (),
        **fields: Any,
    ) -> ClrCredential:
        """Bundle signed credentials (JSON objects, kept as they are) into a new ClrCredential.

        For a stack: pass the units' credentials, the stack's own ``Achievement`` and one
        ``Association(association_type="isPartOf", source_id=<unit>, target_id=<stack>)`` per
        unit. Every association must point at an achievement in the bundle.
        """
        subject = ClrSubject(
            id=learner_id,
            identifier=list(identifier),
            verifiable_credential=[dict(c) for c in credentials],
            achievement=list(achievements),
            association=list(associations),
        )
        known = {a.id for a in subject.achievement}
        for credential in subject.verifiable_credential:
            achievement = (credential.get("credentialSubject") or {}).get("achievement")
            if isinstance(achievement, dict) and isinstance(achievement.get("id"), str):
                known.add(achievement["id"])
        for link in subject.association:
            for end in (link.source_id, link.target_id):
                if end not in known:
                    raise CredentialMalformed(f"association end {end!r} is not in the bundle")
        return cls.create(issuer=issuer, credential_subject=subject, **fields)
