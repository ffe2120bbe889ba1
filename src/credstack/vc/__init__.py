"""credstack.vc: the Open Badges 3.0 credential engine (framework-free).

Public entry points are re-exported here as the library grows; see docs/vc.md.
"""

from __future__ import annotations

from ._contexts import document_loader
from ._fastrdf import FastCanonicalizer
from .baking import Extracted, bake, bake_png, bake_svg, extract
from .did import controller_document, did_key_document, did_web_document, did_web_url
from .errors import VcError
from .fetch import Fetcher, FetchResult, MappingFetcher
from .jsonld import expand_safe, to_rdfc
from .jwt import JwtInvalid, VerifiedJwt, sign_jwt, verify_jwt
from .keys import Ed25519Key, PublicKey
from .model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Association,
    ClrCredential,
    ClrSubject,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    Profile,
    Result,
    ResultDescription,
    hash_identity,
    identity_matches,
    parse_credential,
)
from .ob2 import ob2_documents
from .proofs import DEFAULT_SUITES, BatchSigner, ProofResult, sign, verify_proofs
from .resolve import KeyResolver, ResolvedKey
from .schema import SchemaViolation, schema_errors, validate_schema
from .status import (
    IndexAllocator,
    StatusList,
    StatusResult,
    check_status,
    status_entry,
    status_list_credential,
)
from .verify import Check, VerificationReport, verify

__all__ = ["FetchResult", "Fetcher", "MappingFetcher", "VcError"]
# artefacts (engineer B): status lists, baking, the OB 2.0 view
__all__ += [
    "Extracted",
    "IndexAllocator",
    "StatusList",
    "StatusResult",
    "bake",
    "bake_png",
    "bake_svg",
    "check_status",
    "extract",
    "ob2_documents",
    "status_entry",
    "status_list_credential",
]

# linked data, keys, DIDs, resolution, Data Integrity proofs (engineer A)

__all__ += [
    "DEFAULT_SUITES",
    "BatchSigner",
    "Ed25519Key",
    "FastCanonicalizer",
    "KeyResolver",
    "ProofResult",
    "PublicKey",
    "ResolvedKey",
    "controller_document",
    "did_key_document",
    "did_web_document",
    "did_web_url",
    "document_loader",
    "expand_safe",
    "sign",
    "to_rdfc",
    "verify_proofs",
]

# data model, schema validation, VC-JWT, verification report (engineer C)
__all__ += [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "Association",
    "Check",
    "ClrCredential",
    "ClrSubject",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "IdentityObject",
    "Image",
    "JwtInvalid",
    "OpenBadgeCredential",
    "Profile",
    "Result",
    "ResultDescription",
    "SchemaViolation",
    "VerificationReport",
    "VerifiedJwt",
    "hash_identity",
    "identity_matches",
    "parse_credential",
    "schema_errors",
    "sign_jwt",
    "validate_schema",
    "verify",
    "verify_jwt",
]
