"""The fetcher protocol: how the engine reaches the network, when the caller allows it.

The engine never opens a connection itself. Resolution of did:web documents and https key
URLs, status list checks and hosted Open Badges 2.0 assertions all go through a ``Fetcher``
that the caller passes in. The platform passes a guarded one (https only, no private or
loopback addresses, size and time limits); tests pass one backed by a dictionary or by a
server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .errors import FetchError

__all__ = ["FetchResult", "Fetcher", "MappingFetcher"]


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch returned: the final URL (after redirects), the body and its media type."""

    url: str
    content: bytes
    content_type: str = "application/json"


class Fetcher(Protocol):
    """Fetch ``url`` and return its body; raise :class:`FetchError` on any failure."""

    def __call__(self, url: str, *, accept: str = "application/json") -> FetchResult: ...


class MappingFetcher:
    """A fetcher that serves documents from a mapping of URL to bytes (offline use, tests)."""

    def __init__(
        self, documents: Mapping[str, bytes | str], content_type: str = "application/json"
    ):
        self._documents = dict(documents)
        self._content_type = content_type

    def __call__(self, url: str, *, accept: str = "application/json") -> FetchResult:
        try:
            body = self._documents[url]
        except KeyError as e:
            raise FetchError(f"no document is known at {url!r}") from e
        data = body.encode() if isinstance(body, str) else body
        return FetchResult(url=url, content=data, content_type=self._content_type)
