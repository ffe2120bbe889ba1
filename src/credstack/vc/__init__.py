"""credstack.vc: the Open Badges 3.0 credential engine (framework-free).

Public entry points are re-exported here as the library grows; see docs/vc.md.
"""

from __future__ import annotations

from .errors import VcError
from .fetch import FetchResult, Fetcher, MappingFetcher

__all__ = ["FetchResult", "Fetcher", "MappingFetcher", "VcError"]
