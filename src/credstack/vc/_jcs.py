"""JSON Canonicalization Scheme (RFC 8785), the eddsa-jcs-2022 transformation (EdDSA §3.3.2).

A thin wrapper over the ``rfc8785`` package that maps its errors (NaN/Infinity, integers
outside the I-JSON range, non-JSON values) to :class:`CanonicalizationError`.
"""

from __future__ import annotations

from typing import Any

import rfc8785

from .errors import CanonicalizationError

__all__ = ["jcs"]


def jcs(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value``."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as e:
        raise CanonicalizationError(f"JCS (RFC 8785) cannot canonicalize the document: {e}") from e
