"""Errors raised by the credential engine.

Every error carries a stable machine ``code`` that the platform's API maps to a JSON problem
detail and its pages map to a sentence. Messages name the bad value; causes are chained with
``raise ... from e``.
"""

from __future__ import annotations

__all__ = [
    "BakedPayloadMalformed",
    "BakingError",
    "CanonicalizationError",
    "ContextNotAllowed",
    "CredentialMalformed",
    "CredentialNotBaked",
    "DataLoss",
    "ExtractionError",
    "FetchError",
    "ImageMalformed",
    "ImageTooLarge",
    "ImageUnsupported",
    "KeyError_",
    "KeyResolutionError",
    "ProofGenerationError",
    "ProofInvalid",
    "SchemaInvalid",
    "StatusError",
    "StatusListFull",
    "StatusListMalformed",
    "StatusListTooLarge",
    "UnsafeXml",
    "VcError",
]


class VcError(Exception):
    """Base class of every error the engine raises on purpose."""

    code = "VC_ERROR"


class CredentialMalformed(VcError):
    """The input is not a credential the engine can read (bad JSON, wrong shape)."""

    code = "CREDENTIAL_MALFORMED"


class ContextNotAllowed(VcError):
    """A JSON-LD ``@context`` URL is not one of the bundled contexts (nothing is fetched)."""

    code = "CONTEXT_NOT_ALLOWED"


class DataLoss(VcError):
    """JSON-LD expansion would drop a term or keep a relative IRI (safe mode, VCDI §4.1)."""

    code = "DATA_LOSS_DETECTION_ERROR"


class CanonicalizationError(VcError):
    """RDFC-1.0 or JCS canonicalization failed."""

    code = "CANONICALIZATION_ERROR"


class SchemaInvalid(VcError):
    """The document does not validate against the 1EdTech JSON schema."""

    code = "SCHEMA_INVALID"


class ProofGenerationError(VcError):
    """A proof could not be created (VCDI ``PROOF_GENERATION_ERROR``)."""

    code = "PROOF_GENERATION_ERROR"


class ProofInvalid(VcError):
    """A proof is missing, malformed or does not verify."""

    code = "PROOF_INVALID"


class KeyError_(VcError):
    """A key could not be generated, parsed or exported."""

    code = "KEY_INVALID"


class KeyResolutionError(VcError):
    """A verification method could not be resolved to a key its issuer controls."""

    code = "KEY_RESOLUTION_FAILED"


class FetchError(VcError):
    """A remote document could not be fetched (refused, too large, too slow, wrong type)."""

    code = "FETCH_FAILED"


class StatusError(VcError):
    """A status list could not be built, updated or checked."""

    code = "STATUS_ERROR"


class ExtractionError(VcError):
    """A baked image is malformed, hostile or carries no credential."""

    code = "EXTRACTION_FAILED"


# --- artefacts (status lists, baking): refinements with their own stable codes -------------


class StatusListMalformed(StatusError):
    """An ``encodedList`` is not multibase base64url GZIP data of a whole bitstring (BSL §3.4)."""

    code = "STATUS_LIST_MALFORMED"


class StatusListTooLarge(StatusError):
    """An ``encodedList`` expands past the caller's size cap (a GZIP bomb or a hostile list)."""

    code = "STATUS_LIST_TOO_LARGE"


class StatusListFull(StatusError):
    """Every index of a status list has been allocated; the caller must open a new list."""

    code = "STATUS_LIST_FULL"


class BakingError(VcError):
    """A credential cannot be baked (not JSON-serialisable, not a compact JWS, bad SVG encoding)."""

    code = "BAKING_FAILED"


class ImageUnsupported(ExtractionError):
    """The bytes are neither a PNG nor an SVG document."""

    code = "IMAGE_UNSUPPORTED"


class ImageTooLarge(ExtractionError):
    """The image, one of its chunks or its embedded text exceeds the caller's size cap."""

    code = "IMAGE_TOO_LARGE"


class ImageMalformed(ExtractionError):
    """The PNG or SVG is truncated, corrupt (bad CRC, bad chunk) or not well-formed."""

    code = "IMAGE_MALFORMED"


class UnsafeXml(ExtractionError):
    """The SVG declares entities, references external resources or nests too deeply."""

    code = "UNSAFE_XML"


class CredentialNotBaked(ExtractionError):
    """The image is well-formed but carries no Open Badges 3.0 or 2.0 data."""

    code = "CREDENTIAL_NOT_BAKED"


class BakedPayloadMalformed(ExtractionError):
    """The baked text is neither a JSON object, a compact JWS nor (OB 2.0) a hosted URL."""

    code = "BAKED_PAYLOAD_MALFORMED"
