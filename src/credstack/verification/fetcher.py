"""The one guarded fetcher: every remote document credstack reads goes through it.

It implements :class:`credstack.vc.fetch.Fetcher` (did:web documents, issuer profiles, status
lists, hosted Open Badges 2.0 assertions, URLs people type into the verifier). The rules, in
the order they apply to each URL and again to every redirect target (at most three):

1. The platform's own URLs (``BASE_URL``'s origin) are served internally (:mod:`.internal`).
2. ``https`` only; ``http`` when ``CREDSTACK_FETCH_ALLOW_HTTP`` is on (tests). No user info
   in URLs; ports 443/8443 (and 80/8080 for http) unless private addresses are allowed.
3. The host is resolved once; every address it resolves to must be public
   (:mod:`.addresses`); the connection goes to the checked address (:mod:`.connection`).
4. Limits: 2 MB body (enforced while reading), 3 s to connect, 5 s per read, 8 s in total.
5. The response's media type must be one the caller asked for in ``accept``.
6. Caching per :mod:`.fetch_cache` (``max-age``, ``no-store``, ``ETag`` revalidation).

Every failure raises a :class:`~credstack.vc.errors.FetchError` subclass with a stable code.
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from credstack.vc.errors import FetchError
from credstack.vc.fetch import FetchResult

from . import internal, own_documents
from .addresses import AddressRefused, NameNotResolved, resolve_checked
from .connection import PinnedHTTPConnection, PinnedHTTPSConnection, Watchdog, tls_context
from .fetch_cache import CachedDocument, documents, policy

__all__ = [
    "AddressRefused",
    "ContentTypeRefused",
    "FetchLimits",
    "FetchSource",
    "FetchTimeout",
    "GuardedFetcher",
    "HttpStatusError",
    "NameNotResolved",
    "SchemeRefused",
    "TooLarge",
    "TooManyRedirects",
]

USER_AGENT = "credstack-verifier/1 (+https://credstack.org/verifier)"
JSON_TYPES = frozenset(
    {
        "application/json",
        "application/ld+json",
        "application/vc",
        "application/vc+ld+json",
        "application/vc+jwt",
        "application/did+json",
        "application/did+ld+json",
    }
)
INTERNAL_FRESH_SECONDS = 2.0
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class SchemeRefused(FetchError):
    code = "FETCH_SCHEME_REFUSED"


class FetchTimeout(FetchError):
    code = "FETCH_TIMEOUT"


class TooLarge(FetchError):
    code = "FETCH_TOO_LARGE"


class ContentTypeRefused(FetchError):
    code = "FETCH_CONTENT_TYPE_REFUSED"


class HttpStatusError(FetchError):
    code = "FETCH_HTTP_STATUS"


class TooManyRedirects(FetchError):
    code = "FETCH_TOO_MANY_REDIRECTS"


class ConnectionFailed(FetchError):
    code = "FETCH_CONNECTION_FAILED"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Size and time limits of one fetch (a redirect chain counts as one)."""

    max_bytes: int = 2 * 1024 * 1024
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    total_timeout: float = 8.0
    max_redirects: int = 3


@dataclass(frozen=True, slots=True)
class FetchSource:
    """Where one fetched document came from, so a report can say how fresh it is."""

    url: str
    origin: str  # "cache", "revalidated", "network" or "internal"
    age_seconds: int


@dataclass(slots=True)
class _Response:
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def allowed_types(accept: str) -> frozenset[str]:
    """The media types a response may have for a request that sent ``accept``."""
    wanted = {part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()}
    if any("json" in w or w == "application/vc" for w in wanted):
        wanted |= JSON_TYPES
    wanted.discard("*/*")
    return frozenset(wanted)


def _setting(name: str) -> bool:
    return bool(getattr(settings, name, False))


class GuardedFetcher:
    """A :class:`~credstack.vc.fetch.Fetcher` enforcing the rules above.

    Make one per verification: ``sources`` lists where each document came from. The caches it
    uses are shared by the whole process (and, through Django's cache, by other processes).
    """

    def __init__(self, limits: FetchLimits | None = None) -> None:
        if limits is None:
            total = float(getattr(settings, "CREDSTACK_FETCH_TIMEOUT", 8.0))
            limits = FetchLimits(
                connect_timeout=min(3.0, total), read_timeout=min(5.0, total), total_timeout=total
            )
        self.limits = limits
        self.allow_http = _setting("CREDSTACK_FETCH_ALLOW_HTTP")
        self.allow_private = _setting("CREDSTACK_FETCH_ALLOW_PRIVATE")
        self.ca_file: str | None = getattr(settings, "CREDSTACK_FETCH_CA_FILE", None) or None
        self.sources: list[FetchSource] = []
        # Issuer stamps read during this verification (one query per issuer, not per document).
        self._stamps: dict[str, own_documents.Stamp | None] = {}

    def __call__(self, url: str, *, accept: str = "application/json") -> FetchResult:
        own = self._own_document(url, accept)
        if own is not None:
            return own
        deadline = time.monotonic() + self.limits.total_timeout
        current = url
        for _hop in range(self.limits.max_redirects + 1):
            cached = documents.get(current, accept)
            if cached is not None and cached.content_type not in allowed_types(accept):
                cached = None
            is_internal = internal.is_internal(current)
            # The platform's own documents are revalidated (a cheap in-process ETag check) once
            # they are INTERNAL_FRESH_SECONDS old, whatever their max-age: a revocation on our
            # own lists shows on our pages within that time.
            if (
                cached is not None
                and cached.fresh
                and (not is_internal or cached.age() < INTERNAL_FRESH_SECONDS)
            ):
                self.sources.append(FetchSource(current, "cache", int(cached.age())))
                return FetchResult(cached.url, cached.content, cached.content_type)
            etag = cached.etag if cached is not None else None
            if is_internal:
                found = internal.dispatch(
                    current, accept=accept, etag=etag, max_bytes=self.limits.max_bytes
                )
                response = _Response(found.status, found.content, found.headers)
                if found.too_large:
                    raise TooLarge(f"{current} is larger than {self.limits.max_bytes} bytes")
            else:
                response = self._network(current, accept, etag, deadline)
            if response.status in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise HttpStatusError(f"{current} redirects without a Location")
                current = urljoin(current, location)
                continue
            return self._finish(url, current, accept, response, cached, is_internal)
        raise TooManyRedirects(
            f"{url} redirects more than {self.limits.max_redirects} times; it is not followed"
        )

    def _own_document(self, url: str, accept: str) -> FetchResult | None:
        """Our issuers' profiles, DID documents and status lists, remembered per issuer stamp
        (:mod:`.own_documents`); None for any other URL, or when the view did not answer 200
        with an accepted type (the general path below then reports it)."""
        if not internal.is_internal(url):
            return None
        slug = own_documents.issuer_slug(url)
        if slug is None:
            return None
        if slug not in self._stamps:
            self._stamps[slug] = own_documents.issuer_stamp(slug)
        stamp = self._stamps[slug]
        if stamp is None:
            return None
        remembered = own_documents.memo.get(url, accept, stamp)
        if remembered is not None:
            self.sources.append(FetchSource(url, "cache", int(remembered.age())))
            return remembered.result
        found = internal.dispatch(url, accept=accept, etag=None, max_bytes=self.limits.max_bytes)
        media = found.headers.get("content-type", "").split(";")[0].strip().lower()
        if found.status != 200 or found.too_large or media not in allowed_types(accept):
            return None
        result = FetchResult(url, found.content, media)
        own_documents.memo.put(url, accept, stamp, result)
        self.sources.append(FetchSource(url, "internal", 0))
        return result

    def _finish(
        self,
        asked: str,
        final: str,
        accept: str,
        response: _Response,
        cached: CachedDocument | None,
        is_internal: bool,
    ) -> FetchResult:
        rules = policy(response.headers.get("cache-control"), response.headers.get("etag"))
        if response.status == 304 and cached is not None:
            renewed = documents.refreshed(final, accept, cached, rules.max_age)
            self.sources.append(FetchSource(final, "revalidated", 0))
            return FetchResult(renewed.url, renewed.content, renewed.content_type)
        if response.status != 200:
            raise HttpStatusError(f"{final} answered HTTP {response.status}")
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        allowed = allowed_types(accept)
        if media not in allowed:
            raise ContentTypeRefused(
                f"{final} is {media or 'of no stated type'}, not one of {', '.join(sorted(allowed))}"
            )
        if rules.store:
            now = time.time()
            document = CachedDocument(
                final,
                response.content,
                media,
                response.headers.get("etag"),
                now,
                now + rules.max_age,
            )
            documents.put(final, accept, document)
            if final != asked:
                documents.put(asked, accept, document)
        self.sources.append(FetchSource(final, "internal" if is_internal else "network", 0))
        return FetchResult(final, response.content, media)

    def _check_url(self, url: str) -> tuple[str, str, int, str]:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as e:
            raise SchemeRefused(f"{url!r} is not a valid URL") from e
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise SchemeRefused(f"only https URLs are fetched, not {url!r}")
        if parts.scheme == "http" and not self.allow_http:
            raise SchemeRefused(f"only https URLs are fetched, not {url!r}")
        if parts.username is not None or parts.password is not None:
            raise SchemeRefused("URLs with a user name or password are not fetched")
        default = 443 if parts.scheme == "https" else 80
        port = port or default
        if not self.allow_private and port not in (default, default + 8000):
            raise SchemeRefused(f"port {port} is not fetched (only {default} or {default + 8000})")
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        return parts.scheme, parts.hostname, port, target

    def _network(self, url: str, accept: str, etag: str | None, deadline: float) -> _Response:
        scheme, host, port, target = self._check_url(url)
        address = resolve_checked(host, port, allow_private=self.allow_private)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchTimeout(f"{url} took longer than {self.limits.total_timeout:g} s")
        limits = self.limits
        connect_timeout = min(limits.connect_timeout, remaining)
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = PinnedHTTPSConnection(
                host, port, address, connect_timeout, tls_context(self.ca_file)
            )
        else:
            connection = PinnedHTTPConnection(host, port, address, connect_timeout)
        headers = {"Accept": accept, "User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        watchdog = Watchdog(connection, remaining)
        try:
            with watchdog:
                connection.request("GET", target, headers=headers)
                assert connection.sock is not None
                connection.sock.settimeout(min(limits.read_timeout, max(remaining, 0.01)))
                raw = connection.getresponse()
                return self._read(url, raw, deadline)
        except FetchError:
            raise
        except TimeoutError as e:
            raise FetchTimeout(f"{url} did not answer in time") from e
        except ssl.SSLError as e:
            raise ConnectionFailed(f"TLS with {host} failed: {e.reason or e}") from e
        except (OSError, http.client.HTTPException) as e:
            if watchdog.fired:
                raise FetchTimeout(
                    f"{url} took longer than {limits.total_timeout:g} s in total"
                ) from e
            raise ConnectionFailed(f"{url} could not be fetched: {e}") from e
        finally:
            connection.close()

    def _read(self, url: str, raw: http.client.HTTPResponse, deadline: float) -> _Response:
        headers = {name.lower(): value for name, value in raw.getheaders()}
        if raw.status in _REDIRECTS or raw.status == 304 or raw.status != 200:
            return _Response(raw.status, b"", headers)
        if headers.get("content-encoding", "identity").lower() not in ("identity", ""):
            raise ContentTypeRefused(f"{url} sent a compressed body although none was asked for")
        limit = self.limits.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"{url} is {declared} bytes, more than the {limit} allowed")
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchTimeout(f"{url} took longer than {self.limits.total_timeout:g} s")
            chunk = raw.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"{url} is larger than the {limit} bytes allowed")
            chunks.append(chunk)
        return _Response(200, b"".join(chunks), headers)
